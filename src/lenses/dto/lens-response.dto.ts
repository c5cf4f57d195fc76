import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { UserSummaryDto } from '../../common/dto/user-summary.dto';

/** A lens as lists and writes return it (never the library). */
export class LensResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MultiTable' }) name!: string;
  @ApiProperty({ example: 'MultiTable', description: 'name from lens.json' }) sourceName!: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ description: 'description from lens.json' }) sourceDescription?: string;
  @ApiPropertyOptional({ example: '1.0.0' }) version?: string;
  @ApiPropertyOptional({ description: 'version from lens.json' }) sourceVersion?: string;
  @ApiPropertyOptional() helpEmail?: string;
  @ApiPropertyOptional() helpUrl?: string;
  @ApiPropertyOptional() thumbnailUrl?: string;
  @ApiProperty({ default: true }) isCustom!: boolean;
  @ApiProperty({ default: false }) isPublished!: boolean;
  @ApiProperty({ default: 1 }) lensEventApiVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Other keys of lens.json, as uploaded.' })
  metadata!: Record<string, unknown>;
  @ApiPropertyOptional({ type: UserSummaryDto, description: 'Who installed the lens.' }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

/** `GET /v1/lenses/{key}`: the lens with its library unpacked. */
export class LensWithLibraryDto extends LensResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'lens.js': '/* ... */', 'lens.json': '{"name":"MultiTable"}', 'thumb.png': 'iVBORw0KGgo...' },
    description: 'path → content; png/jpg/jpeg base64-encoded, everything else as UTF-8 text.',
  })
  library!: Record<string, string>;
}
