import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

const KEY_PATTERN = /^[0-9A-Za-z_.-]{1,254}$/;
const KEY_MESSAGE = 'key must be 1 to 254 letters, digits, "_", "-" or "."';

/** Body of POST /v1/globalconfig (admins only). */
@ReadOnlyFields('apiLinks')
export class GlobalConfigCreateDto {
  @ApiProperty({ example: 'DEFAULT_PERSPECTIVE', maxLength: 254, pattern: KEY_PATTERN.source })
  @IsString()
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key!: string;

  @ApiPropertyOptional({ example: 'Fleet', nullable: true, maxLength: 65536 })
  @IsOptional()
  @IsString()
  @MaxLength(65536)
  value?: string | null;
}

/** Body of PATCH /v1/globalconfig/{key}: the given fields replace the stored ones. */
@ReadOnlyFields('apiLinks')
export class GlobalConfigPatchDto {
  @ApiPropertyOptional({ maxLength: 254, pattern: KEY_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 65536 })
  @IsOptional()
  @IsString()
  @MaxLength(65536)
  value?: string | null;
}

/** A global config record as the API answers. */
export class GlobalConfigResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DEFAULT_PERSPECTIVE' }) key!: string;
  @ApiPropertyOptional({ example: 'Fleet' }) value?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
