import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DescribedRecordFieldsDto } from '../../common/dto/described-record.dto';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';

const SORT_BY_PATTERN = /^[0-9A-Za-z_-]{0,254}$/;
/** Properties only the server sets on a subject. */
export const SUBJECT_READ_ONLY = ['absolutePath', 'childCount', 'hierarchyLevel', 'status'];

/** Writable subject properties shared by every body (all optional here). */
export class SubjectFieldsDto extends DescribedRecordFieldsDto {
  @ApiPropertyOptional({ description: 'Parent id. Given with parentAbsolutePath, both must name the same subject.', format: 'uuid' })
  @ValidateIf((o: SubjectFieldsDto) => o.parentId !== undefined)
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'Parent absolutePath (any case).', example: 'World.Europe' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  parentAbsolutePath?: string;

  @ApiPropertyOptional({ pattern: SORT_BY_PATTERN.source, default: '' })
  @IsOptional()
  @IsString()
  @Matches(SORT_BY_PATTERN, { message: 'sortBy must match the pattern ^[0-9A-Za-z_-]{0,254}$' })
  sortBy?: string;

  @ApiPropertyOptional({ type: [Number], example: [-122.4, 37.8], description: '[longitude, latitude]' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  geolocation?: number[] | null;
}

/** POST /v1/subjects and POST /v1/subjects/{key}/child. */
@ReadOnlyFields(...SUBJECT_READ_ONLY)
export class CreateSubjectDto extends SubjectFieldsDto {
  @IsDefined({ message: 'Missing required property: name' })
  @IsRecordName({ example: 'Europe' })
  name!: string;
}

/** PUT /v1/subjects/{key}: every writable property not sent is reset to its default. */
@ReadOnlyFields(...SUBJECT_READ_ONLY)
export class PutSubjectDto extends CreateSubjectDto {}

/** PATCH /v1/subjects/{key}: only what is sent changes; tags are unioned, links merged by name. */
@ReadOnlyFields(...SUBJECT_READ_ONLY)
export class PatchSubjectDto extends SubjectFieldsDto {
  @IsOptional()
  @IsRecordName({ optional: true })
  name?: string;
}
