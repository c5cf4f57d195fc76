import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DescribedRecordResponseDto } from '../../common/dto/described-record.dto';

/** A subject as returned (null properties omitted, except parentId and parentAbsolutePath). */
export class SubjectResponseDto extends DescribedRecordResponseDto {
  @ApiProperty({ example: 'Europe' }) name!: string;
  @ApiProperty({ example: 'World.Europe' }) absolutePath!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ example: 'World', description: '"" for a root' }) parentAbsolutePath!: string;
  @ApiProperty({ example: 3, description: 'Number of direct children (computed)' }) childCount!: number;
  @ApiProperty({ example: 1, description: 'Depth below its root (computed)' }) hierarchyLevel!: number;
  @ApiProperty({ example: '' }) sortBy!: string;
  @ApiPropertyOptional({ type: [Number], example: [-122.4, 37.8] }) geolocation?: number[];
}

/** A node of GET /v1/subjects/{key}/hierarchy. */
export class SubjectHierarchyNodeDto extends SubjectResponseDto {
  @ApiPropertyOptional({ type: () => [SubjectHierarchyNodeDto], description: 'Omitted on leaves' })
  children?: SubjectHierarchyNodeDto[];

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Samples, each with its aspect embedded' })
  samples!: Record<string, unknown>[];
}
