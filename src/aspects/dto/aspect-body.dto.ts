import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DescribedRecordFieldsDto } from '../../common/dto/described-record.dto';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';

export const TIMEOUT_PATTERN = /^[0-9]{1,9}[smhdSMHD]$/;
export const VALUE_TYPES = ['BOOLEAN', 'NUMERIC', 'PERCENT'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
/** Properties only the server sets on an aspect. */
export const ASPECT_READ_ONLY = ['status', 'timeoutSeconds'];

const RANGE_DOC: ApiPropertyOptions = {
  type: [Number],
  nullable: true,
  example: [0, 0],
  description: '[min, max], inclusive; null for none',
};

/** Writable aspect properties (all optional here; ranges are checked by the service against valueType). */
export class AspectFieldsDto extends DescribedRecordFieldsDto {
  @ApiPropertyOptional({ enum: VALUE_TYPES, default: 'BOOLEAN' })
  @IsOptional()
  @IsIn(VALUE_TYPES as unknown as string[], { message: 'valueType must be one of BOOLEAN, NUMERIC, PERCENT' })
  valueType?: ValueType;

  @ApiPropertyOptional(RANGE_DOC)
  @IsOptional()
  criticalRange?: unknown;

  @ApiPropertyOptional(RANGE_DOC)
  @IsOptional()
  warningRange?: unknown;

  @ApiPropertyOptional(RANGE_DOC)
  @IsOptional()
  infoRange?: unknown;

  @ApiPropertyOptional(RANGE_DOC)
  @IsOptional()
  okRange?: unknown;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(-2147483648)
  @Max(2147483647)
  rank?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10, example: 'ms' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  valueLabel?: string | null;
}

/** POST /v1/aspects and PUT /v1/aspects/{key} (PUT resets what it does not send). */
@ReadOnlyFields(...ASPECT_READ_ONLY)
export class CreateAspectDto extends AspectFieldsDto {
  @IsDefined({ message: 'Missing required property: name' })
  @IsRecordName({ example: 'Latency' })
  name!: string;

  @ApiProperty({ pattern: TIMEOUT_PATTERN.source, example: '5m' })
  @IsDefined({ message: 'Missing required property: timeout' })
  @IsString()
  @Matches(TIMEOUT_PATTERN, { message: 'timeout must match the pattern ^[0-9]{1,9}[smhdSMHD]$' })
  timeout!: string;
}

@ReadOnlyFields(...ASPECT_READ_ONLY)
export class PutAspectDto extends CreateAspectDto {}

/** PATCH /v1/aspects/{key}: only what is sent changes; tags unioned, links merged by name. */
@ReadOnlyFields(...ASPECT_READ_ONLY)
export class PatchAspectDto extends AspectFieldsDto {
  @IsOptional()
  @IsRecordName({ optional: true })
  name?: string;

  @ApiPropertyOptional({ pattern: TIMEOUT_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(TIMEOUT_PATTERN, { message: 'timeout must match the pattern ^[0-9]{1,9}[smhdSMHD]$' })
  timeout?: string;
}
