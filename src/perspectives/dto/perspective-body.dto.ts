import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import type { FilterType } from '../perspective.entity';
import { IsRecordName, RECORD_NAME_PATTERN } from '../../common/names';

/** Values of the aspect, aspect-tag and subject-tag filters: names. */
export const FILTER_VALUE_PATTERN = RECORD_NAME_PATTERN;
export const STATUS_FILTER_PATTERN = /^-?(Critical|Invalid|Timeout|Warning|Info|OK)$/;
export const FILTER_TYPES: readonly FilterType[] = ['INCLUDE', 'EXCLUDE'];
export const MAX_FILTER_VALUES = 1000;

/** Present (not undefined): then null is refused too, as no field here may be null. */
const present = ValidateIf((_o: object, v: unknown) => v !== undefined);

const FILTER_TYPE_DOC = { enum: FILTER_TYPES, default: 'EXCLUDE' } as const;

function filterValues(pattern: RegExp, property: string, example: string[]): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({ type: [String], example, default: [], maxItems: MAX_FILTER_VALUES, pattern: pattern.source }),
    present,
    IsArray(),
    ArrayMaxSize(MAX_FILTER_VALUES),
    IsString({ each: true }),
    Matches(pattern, { each: true, message: `each value in ${property} must match the pattern ${pattern.source}` }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

function filterType(): PropertyDecorator {
  const decorators = [ApiPropertyOptional(FILTER_TYPE_DOC), present, IsIn(FILTER_TYPES)];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** The filter fields, shared by every perspective body; absent means "the default" (POST, PUT) or "unchanged" (PATCH). */
export abstract class PerspectiveFiltersDto {
  @filterValues(FILTER_VALUE_PATTERN, 'aspectFilter', ['cpu', 'memory'])
  aspectFilter?: string[];

  @filterType()
  aspectFilterType?: FilterType;

  @filterValues(FILTER_VALUE_PATTERN, 'aspectTagFilter', ['infra'])
  aspectTagFilter?: string[];

  @filterType()
  aspectTagFilterType?: FilterType;

  @filterValues(FILTER_VALUE_PATTERN, 'subjectTagFilter', ['us-east'])
  subjectTagFilter?: string[];

  @filterType()
  subjectTagFilterType?: FilterType;

  @filterValues(STATUS_FILTER_PATTERN, 'statusFilter', ['Critical', '-OK'])
  statusFilter?: string[];

  @filterType()
  statusFilterType?: FilterType;

  @ApiPropertyOptional({ description: 'User name or id of the owner (default: the caller).', example: 'jane@example.com' })
  @present
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  owner?: string;
}

/** Server-set or embedded properties: sending one is a 400. */
const PERSPECTIVE_READ_ONLY = ['lens', 'user', 'ownerId', 'apiLinks'];

/** POST and PUT body: a whole perspective. */
@ReadOnlyFields(...PERSPECTIVE_READ_ONLY)
export class PerspectiveBodyDto extends PerspectiveFiltersDto {
  @IsDefined({ message: 'Missing required property: name' })
  @IsRecordName({ example: 'CoreServices' })
  name!: string;

  @ApiProperty({ example: 'Company.Americas', maxLength: 4096, description: 'absolutePath of the root subject (not checked to exist).' })
  @IsDefined({ message: 'Missing required property: rootSubject' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  rootSubject!: string;

  @ApiProperty({ format: 'uuid', description: 'Id of an existing lens.' })
  @IsDefined({ message: 'Missing required property: lensId' })
  @IsUUID('all')
  lensId!: string;
}

/** PATCH body: any subset; the merged record must still be valid. */
@ReadOnlyFields(...PERSPECTIVE_READ_ONLY)
export class PerspectivePatchDto extends PerspectiveFiltersDto {
  @present
  @IsRecordName({ optional: true, example: 'CoreServices' })
  name?: string;

  @ApiPropertyOptional({ example: 'Company.Americas', maxLength: 4096 })
  @present
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  rootSubject?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @present
  @IsUUID('all')
  lensId?: string;
}
