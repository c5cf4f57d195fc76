import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { RECORD_NAME_OR_EMPTY_PATTERN } from '../../common/names';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

/** Form and PATCH lens names: "" means "use the name from lens.json". */
export const LENS_FORM_NAME_PATTERN = RECORD_NAME_OR_EMPTY_PATTERN;

const present = ValidateIf((_o: object, v: unknown) => v !== undefined);

/** Multipart fields are strings: "true"/"false" (any case) become booleans, anything else fails IsBoolean. */
const toBoolean = Transform(({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.toLowerCase() : value;
  return text === 'true' ? true : text === 'false' ? false : value;
});

/** Server-set or derived properties: sending one is a 400 read-only error. */
const LENS_READ_ONLY = ['sourceName', 'sourceDescription', 'sourceVersion', 'installedBy', 'ownerId', 'user', 'apiLinks'];

/** The editable fields shared by the multipart forms and PATCH. */
export abstract class LensFieldsDto {
  @ApiPropertyOptional({ example: 'MultiTable', pattern: LENS_FORM_NAME_PATTERN.source, description: 'Missing or empty → the name in lens.json.' })
  @present
  @IsString()
  @Matches(LENS_FORM_NAME_PATTERN, { message: `name must match the pattern ${LENS_FORM_NAME_PATTERN.source}` })
  name?: string;

  @ApiPropertyOptional({ maxLength: 4096, description: 'Missing or empty → the description in lens.json.' })
  @present
  @IsString()
  @MaxLength(4096)
  description?: string;

  @ApiPropertyOptional({ maxLength: 64, example: '1.0.0', description: 'Missing or empty → the version in lens.json.' })
  @present
  @IsString()
  @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @present
  @toBoolean
  @IsBoolean()
  isPublished?: boolean;

  @ApiPropertyOptional({ description: 'User name or id of the owner (default: the caller).' })
  @present
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  owner?: string;
}

/** The non-file fields of `POST` and `PUT /v1/lenses` (multipart/form-data; the zip is `library`). */
@ReadOnlyFields(...LENS_READ_ONLY)
export class LensFormDto extends LensFieldsDto {}

/** `PATCH /v1/lenses/{key}` (JSON): description, isPublished, name, version, owner. */
@ReadOnlyFields(...LENS_READ_ONLY, 'library')
export class LensPatchDto extends LensFieldsDto {}

/** OpenAPI schema of the multipart body. */
export function lensFormSchema(libraryRequired: boolean): Record<string, unknown> {
  return {
    type: 'object',
    required: libraryRequired ? ['library'] : [],
    properties: {
      library: { type: 'string', format: 'binary', description: 'Zip with top-level lens.js and lens.json.' },
      name: { type: 'string', pattern: LENS_FORM_NAME_PATTERN.source },
      description: { type: 'string', maxLength: 4096 },
      version: { type: 'string', maxLength: 64 },
      isPublished: { type: 'boolean', default: false },
      owner: { type: 'string' },
    },
  };
}
