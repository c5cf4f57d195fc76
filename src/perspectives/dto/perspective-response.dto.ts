import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { UserSummaryDto } from '../../common/dto/user-summary.dto';
import type { FilterType } from '../perspective.entity';
import { FILTER_TYPES } from './perspective-body.dto';

/** The lens of a perspective, as embedded in it (nulls omitted). */
export class EmbeddedLensDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MultiTable' }) name!: string;
  @ApiPropertyOptional({ example: '1.0.0' }) version?: string;
  @ApiPropertyOptional({ example: 'help@example.com' }) helpEmail?: string;
  @ApiPropertyOptional({ example: 'https://example.com/help' }) helpUrl?: string;
  @ApiPropertyOptional({ example: 'https://example.com/thumb.png' }) thumbnailUrl?: string;
}

/** A perspective as the API returns it: `lensId` is replaced by the embedded `lens`. */
export class PerspectiveResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CoreServices' }) name!: string;
  @ApiProperty({ example: 'Company.Americas' }) rootSubject!: string;
  @ApiProperty({ type: [String] }) aspectFilter!: string[];
  @ApiProperty({ enum: FILTER_TYPES }) aspectFilterType!: FilterType;
  @ApiProperty({ type: [String] }) aspectTagFilter!: string[];
  @ApiProperty({ enum: FILTER_TYPES }) aspectTagFilterType!: FilterType;
  @ApiProperty({ type: [String] }) subjectTagFilter!: string[];
  @ApiProperty({ enum: FILTER_TYPES }) subjectTagFilterType!: FilterType;
  @ApiProperty({ type: [String], example: ['Critical', '-OK'] }) statusFilter!: string[];
  @ApiProperty({ enum: FILTER_TYPES }) statusFilterType!: FilterType;
  @ApiProperty({ type: EmbeddedLensDto }) lens!: EmbeddedLensDto;
  @ApiPropertyOptional({ type: UserSummaryDto, description: 'The creator.' }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}
