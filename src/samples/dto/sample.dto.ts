import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MAX_RELATED_LINKS, RelatedLinkDto } from '../../common/dto/tags-and-links';
import { UUID_PATTERN } from '../../common/key';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

/** Field limits shared by the DTOs and the bulk item validator. */
export const SAMPLE_LIMITS = { value: 255, messageCode: 5, messageBody: 4096 } as const;

/** Properties of a sample only the server sets (besides id, createdBy, createdAt, updatedAt, …). */
export const SAMPLE_READ_ONLY = ['status', 'previousStatus', 'statusChangedAt'] as const;

/** `relatedLinks` of a sample: `{name,url}` items; duplicate names are refused by the service (source Sample). */
function SampleLinksProperty(): PropertyDecorator {
  const decorators = [
    ApiProperty({ required: false, type: [RelatedLinkDto], maxItems: MAX_RELATED_LINKS }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_RELATED_LINKS),
    ValidateNested({ each: true }),
    Type(() => RelatedLinkDto),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** The writable fields every sample body shares. */
export class SampleFieldsDto {
  @ApiProperty({ required: false, maxLength: SAMPLE_LIMITS.value, example: '42', description: 'The status is computed from it and the aspect ranges.' })
  @IsOptional()
  @IsString()
  @MaxLength(SAMPLE_LIMITS.value)
  value?: string;

  @ApiProperty({ required: false, maxLength: SAMPLE_LIMITS.messageCode, example: 'E42' })
  @IsOptional()
  @IsString()
  @MaxLength(SAMPLE_LIMITS.messageCode)
  messageCode?: string;

  @ApiProperty({ required: false, maxLength: SAMPLE_LIMITS.messageBody, example: 'Disk almost full' })
  @IsOptional()
  @IsString()
  @MaxLength(SAMPLE_LIMITS.messageBody)
  messageBody?: string;

  @SampleLinksProperty()
  relatedLinks?: RelatedLinkDto[];
}

/** `POST /v1/samples`: a new sample for a published subject and aspect. */
@ReadOnlyFields('name', ...SAMPLE_READ_ONLY)
export class CreateSampleDto extends SampleFieldsDto {
  @ApiProperty({ format: 'uuid', example: '0f8fad5b-d9cb-469f-a165-70867728950e' })
  @IsDefined()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'subjectId must be a UUID' })
  subjectId!: string;

  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @IsDefined()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'aspectId must be a UUID' })
  aspectId!: string;
}

/** `POST /v1/samples/upsert`: create or update the sample `subjectAbsolutePath|aspectName`. */
@ReadOnlyFields(...SAMPLE_READ_ONLY)
export class UpsertSampleDto extends SampleFieldsDto {
  @ApiProperty({ example: 'Fellowship.Gandalf|Temperature', description: 'subjectAbsolutePath|aspectName' })
  @IsDefined()
  @IsString()
  name!: string;
}

/** `PUT` / `PATCH /v1/samples/{key}`. */
@ReadOnlyFields('name', 'subjectId', 'aspectId', ...SAMPLE_READ_ONLY)
export class UpdateSampleDto extends SampleFieldsDto {}

/** `{status:"OK", jobId}`: answer of a bulk upsert. */
export class BulkUpsertResponseDto {
  @ApiProperty({ example: 'OK' })
  status!: string;

  @ApiProperty({ example: 17, description: 'GET /v1/samples/upsert/bulk/{jobId}/status lists the refused items.' })
  jobId!: number;
}

/** One refused item of a bulk upsert. */
export class BulkUpsertErrorDto {
  @ApiProperty({ example: 3, description: 'Position of the item in the request array (0-based)' })
  index!: number;

  @ApiProperty({ type: String, example: 'Fellowship.Gandalf|Temperature', nullable: true, description: 'The sample name as sent; null when the item had none (message: Missing required property: name)' })
  name!: string | null;

  @ApiProperty({ example: 'ResourceNotFoundError' })
  type!: string;

  @ApiProperty({ example: 'Subject not found or has isPublished=false' })
  message!: string;
}

/** The status of a bulk upsert job. */
export class BulkUpsertStatusDto {
  @ApiProperty({ example: 'complete' })
  status!: string;

  @ApiProperty({ example: 17 })
  jobId!: number;

  @ApiProperty({ example: 3, description: 'Items in the request' })
  received!: number;

  @ApiProperty({ example: 1, description: 'Samples written' })
  written!: number;

  @ApiProperty({ example: 1, description: 'Items refused (listed in errors)' })
  refused!: number;

  @ApiProperty({ example: 1, description: 'Items replaced by a later item with the same name (the last one wins)' })
  superseded!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the request arrived' })
  receivedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When its samples were committed' })
  completedAt!: Date | null;

  @ApiProperty({ type: [BulkUpsertErrorDto] })
  errors!: BulkUpsertErrorDto[];
}

/** One bulk upsert item (documentation only: items are validated one by one in the service). */
export class BulkUpsertItemDto extends SampleFieldsDto {
  @ApiProperty({ example: 'Fellowship.Gandalf|Temperature' })
  name!: string;
}
