import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { RelatedLinkDto } from '../../common/dto/tags-and-links';
import { UserSummaryDto } from '../../common/dto/user-summary.dto';

/** A subject as returned (null properties omitted, except parentId and parentAbsolutePath). */
export class SubjectResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Europe' }) name!: string;
  @ApiProperty({ example: 'World.Europe' }) absolutePath!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ example: 'World', description: '"" for a root' }) parentAbsolutePath!: string;
  @ApiProperty({ example: 3, description: 'Number of direct children (computed)' }) childCount!: number;
  @ApiProperty({ example: 1, description: 'Depth below its root (computed)' }) hierarchyLevel!: number;
  @ApiProperty() isPublished!: boolean;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() helpEmail?: string;
  @ApiPropertyOptional() helpUrl?: string;
  @ApiPropertyOptional() imageUrl?: string;
  @ApiProperty({ example: '' }) sortBy!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [RelatedLinkDto] }) relatedLinks!: RelatedLinkDto[];
  @ApiPropertyOptional({ type: [Number], example: [-122.4, 37.8] }) geolocation?: number[];
  @ApiPropertyOptional({ format: 'uuid' }) createdBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: UserSummaryDto }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

/** A node of GET /v1/subjects/{key}/hierarchy. */
export class SubjectHierarchyNodeDto extends SubjectResponseDto {
  @ApiPropertyOptional({ type: () => [SubjectHierarchyNodeDto], description: 'Omitted on leaves' })
  children?: SubjectHierarchyNodeDto[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Samples, each with its aspect embedded' })
  samples!: Record<string, unknown>[];
}
