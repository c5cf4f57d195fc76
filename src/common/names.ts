import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/**
 * The one rule for record names: subjects, aspects, perspectives, profiles, collectors,
 * collector groups, generator templates, generators, bots, rooms and room types (1–60 letters,
 * digits, `_` or `-`). A subject's absolutePath joins such names with dots; a sample name is
 * `absolutePath|aspectName`.
 */
const RECORD_NAME_CHARACTER = '[0-9A-Za-z_-]';
export const RECORD_NAME = `${RECORD_NAME_CHARACTER}{1,60}`;
export const RECORD_NAME_PATTERN = new RegExp(`^${RECORD_NAME}$`);
/** What every name field answers when the rule is broken. */
export const RECORD_NAME_MESSAGE = `name must match the pattern ^${RECORD_NAME}$`;
/** A record name or "" (a lens form's name: empty takes the name in lens.json). */
export const RECORD_NAME_OR_EMPTY_PATTERN = new RegExp(`^${RECORD_NAME_CHARACTER}{0,60}$`);

/**
 * A DTO's `name` under the record-name rule, documented and validated alike. Whether it may be
 * left out is the DTO's own decorator (IsDefined for creation, IsOptional or a presence check
 * for PATCH); `optional` only documents it so.
 */
export function IsRecordName(opts: { optional?: boolean; example?: string } = {}): PropertyDecorator {
  const doc = { pattern: RECORD_NAME_PATTERN.source, minLength: 1, maxLength: 60, example: opts.example };
  return applyDecorators(opts.optional ? ApiPropertyOptional(doc) : ApiProperty(doc), IsString(), Matches(RECORD_NAME_PATTERN, { message: RECORD_NAME_MESSAGE }));
}
