import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { COLLECTOR_NAME_PATTERN } from '../../generator-templates/dto/generator-template-body.dto';

const present = ValidateIf((_o: object, v: unknown) => v !== undefined);

/** POST and PUT /v1/collectorGroups. */
@ReadOnlyFields()
export class CollectorGroupBodyDto {
  @ApiProperty({ example: 'east', pattern: COLLECTOR_NAME_PATTERN.source })
  @IsString()
  @Matches(COLLECTOR_NAME_PATTERN, { message: 'name must be 1-60 letters, digits, _ or -' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 4096 })
  @present
  @IsString()
  @MaxLength(4096)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Collector names (each in no other group).' })
  @present
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  collectors?: string[];
}

/** PATCH /v1/collectorGroups/{key}. */
@ReadOnlyFields()
export class CollectorGroupPatchDto {
  @ApiPropertyOptional({ pattern: COLLECTOR_NAME_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(COLLECTOR_NAME_PATTERN, { message: 'name must be 1-60 letters, digits, _ or -' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 4096 })
  @present
  @IsString()
  @MaxLength(4096)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the members.' })
  @present
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  collectors?: string[];
}
