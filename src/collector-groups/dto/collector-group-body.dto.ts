import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { present, StringList } from '../../common/dto/help-fields.dto';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';

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
  @IsRecordName({ example: 'east' })
  name!: string;
}

/** PATCH /v1/collectorGroups/{key}. */
@ReadOnlyFields()
export class CollectorGroupPatchDto extends CollectorGroupFieldsDto {
  @IsOptional()
  @IsRecordName({ optional: true })
  name?: string;
}
