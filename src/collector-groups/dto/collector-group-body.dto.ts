import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { present, StringList } from '../../collectors/dto/help-fields.dto';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { COLLECTOR_NAME_PATTERN } from '../../generator-templates/dto/generator-template-body.dto';

/** The fields of a group besides its name; absent means default (POST, PUT) or unchanged (PATCH). */
export class CollectorGroupFieldsDto {
  @ApiPropertyOptional({ maxLength: 4096 })
  @present
  @IsString()
  @MaxLength(4096)
  description?: string;

  @StringList('Collector names (each in no other group); replaces the members.', 1000)
  collectors?: string[];
}

/** POST and PUT /v1/collectorGroups. */
@ReadOnlyFields()
export class CollectorGroupBodyDto extends CollectorGroupFieldsDto {
  @ApiProperty({ example: 'east', pattern: COLLECTOR_NAME_PATTERN.source })
  @IsString()
  @Matches(COLLECTOR_NAME_PATTERN, { message: 'name must be 1-60 letters, digits, _ or -' })
  name!: string;
}

/** PATCH /v1/collectorGroups/{key}. */
@ReadOnlyFields()
export class CollectorGroupPatchDto extends CollectorGroupFieldsDto {
  @ApiPropertyOptional({ pattern: COLLECTOR_NAME_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(COLLECTOR_NAME_PATTERN, { message: 'name must be 1-60 letters, digits, _ or -' })
  name?: string;
}
