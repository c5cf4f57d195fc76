import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { DuplicateFieldError, ValidationError } from '../errors/api-errors';

/** Tag names: 2–60 characters, letters, digits, `_` and `-`, not starting with `-` (REFOCUS-REFERENCE.md §4.1). */
export const TAG_PATTERN = /^[0-9A-Za-z_][0-9A-Za-z_-]{1,59}$/;
/** Related-link names: letters, digits, `_`, `-` and spaces, 1–60 characters. */
export const LINK_NAME_PATTERN = /^[0-9A-Za-z_ -]{1,60}$/;
/** What a related link's broken name answers, in a DTO and in a bulk item alike. */
export const LINK_NAME_MESSAGE = `relatedLinks.name must match the pattern ${LINK_NAME_PATTERN.source}`;
export const MAX_TAGS = 100;
export const MAX_RELATED_LINKS = 100;

/** The 400 for duplicate tags (case-insensitive, a leading `-` ignored), in a body or in `?tags=`. */
export function duplicateTagsError(source = ''): ValidationError {
  return new DuplicateFieldError({
    message: 'Tags are case-insensitive. Duplicates found',
    description: 'Tags are case-insensitive. Duplicates found',
    source,
  });
}

/** True when two entries are the same tag ignoring case and a leading `-`. */
export function hasDuplicateTags(tags: readonly string[]): boolean {
  const seen = new Set(tags.map((t) => t.replace(/^-/, '').toLowerCase()));
  return seen.size !== tags.length;
}

/** The 400 for two related links with one name. */
export function duplicateLinksError(source = ''): ValidationError {
  return new ValidationError({
    message: 'Name of the relatedlinks should be unique',
    description: 'Name of the relatedlinks should be unique',
    source,
  });
}

/** Throws when two related links share a name (compared exactly, as the original). */
export function assertUniqueLinkNames(links: readonly { name: string }[] | undefined, source = ''): void {
  if (!links) return;
  const names = new Set(links.map((l) => l.name));
  if (names.size !== links.length) throw duplicateLinksError(source);
}

/** A related link `{name, url}`. */
export class RelatedLinkDto {
  @ApiProperty({ example: 'runbook', pattern: LINK_NAME_PATTERN.source })
  @IsDefined()
  @IsString()
  @Matches(LINK_NAME_PATTERN, { message: LINK_NAME_MESSAGE })
  name!: string;

  @ApiProperty({ example: 'https://wiki.example.com/runbook', maxLength: 4096 })
  @IsDefined()
  @IsString()
  @MaxLength(4096)
  @Matches(/^.+$/s, { message: 'relatedLinks.url must not be empty' })
  url!: string;
}

/** Class-validator check run after the schema: no duplicate tags ignoring case. */
function NoDuplicateTags(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'noDuplicateTags',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown) {
          if (Array.isArray(value) && value.every((v) => typeof v === 'string') && hasDuplicateTags(value)) {
            throw duplicateTagsError();
          }
          return true;
        },
        defaultMessage: (a?: ValidationArguments) => `${a?.property ?? 'tags'} has duplicates`,
      },
    });
  };
}

/** Class-validator check: related link names are unique. */
function UniqueLinkNames(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'uniqueLinkNames',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown) {
          if (!Array.isArray(value)) return true;
          const names = value
            .map((v: unknown) => (v && typeof v === 'object' ? (v as { name?: unknown }).name : undefined))
            .filter((n): n is string => typeof n === 'string');
          if (new Set(names).size !== names.length) throw duplicateLinksError();
          return true;
        },
      },
    });
  };
}

/** `tags` property decorators: array of tag strings, ≤ MAX_TAGS, pattern, no duplicates (any case). */
export function TagsProperty(): PropertyDecorator {
  const decorators = [
    ApiProperty({ required: false, type: [String], example: ['prod', 'us-east'], maxItems: MAX_TAGS }),
    IsArray(),
    ArrayMaxSize(MAX_TAGS),
    IsString({ each: true }),
    Matches(TAG_PATTERN, { each: true, message: 'each value in tags must match the pattern ^[0-9A-Za-z_][0-9A-Za-z_-]{1,59}$' }),
    NoDuplicateTags(),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** `relatedLinks` property decorators: array of `{name,url}`, ≤ MAX_RELATED_LINKS, unique names. */
export function RelatedLinksProperty(): PropertyDecorator {
  const decorators = [
    ApiProperty({ required: false, type: [RelatedLinkDto], maxItems: MAX_RELATED_LINKS }),
    IsArray(),
    ArrayMaxSize(MAX_RELATED_LINKS),
    ValidateNested({ each: true }),
    Type(() => RelatedLinkDto),
    UniqueLinkNames(),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}
