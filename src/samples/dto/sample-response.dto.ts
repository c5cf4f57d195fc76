import { ApiProperty } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { RelatedLinkDto } from '../../common/dto/tags-and-links';
import { SAMPLE_STATUSES } from '../status';

/** The creator of a sample as responses embed it. */
export class SampleUserDto {
  @ApiProperty({ example: 'collector-bot' })
  name!: string;

  @ApiProperty({ example: 'bot@example.com' })
  email!: string;

  @ApiProperty({ type: 'object', properties: { name: { type: 'string' } }, example: { name: 'RefocusUser' } })
  profile!: { name: string };
}

/** A sample as the API returns it (no `id`; null fields are omitted). */
export class SampleResponseDto {
  @ApiProperty({ example: 'Fellowship.Gandalf|Temperature', description: 'subjectAbsolutePath|aspectName (follows renames)' })
  name!: string;

  @ApiProperty({ example: '42' })
  value!: string;

  @ApiProperty({ enum: SAMPLE_STATUSES, example: 'Warning' })
  status!: string;

  @ApiProperty({ enum: SAMPLE_STATUSES, example: 'OK' })
  previousStatus!: string;

  @ApiProperty({ format: 'date-time' })
  statusChangedAt!: string;

  @ApiProperty({ required: false, example: 'E42' })
  messageCode?: string;

  @ApiProperty({ required: false, example: 'Disk almost full' })
  messageBody?: string;

  @ApiProperty({ type: [RelatedLinkDto] })
  relatedLinks!: RelatedLinkDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Id of the user who created the sample (absent when that is not known)' })
  provider?: string;

  @ApiProperty({ required: false, type: SampleUserDto, description: 'The user who created the sample (absent when that is not known)' })
  user?: SampleUserDto;

  @ApiProperty({ format: 'uuid' })
  aspectId!: string;

  @ApiProperty({ format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ description: 'The aspect (id, name, timeout, valueType, ranges, …)', type: 'object', additionalProperties: true })
  aspect!: Record<string, unknown>;

  @ApiProperty({ type: [ApiLink] })
  apiLinks!: ApiLink[];
}
