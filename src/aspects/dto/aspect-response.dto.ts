import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { RelatedLinkDto } from '../../common/dto/tags-and-links';
import { UserSummaryDto } from '../../common/dto/user-summary.dto';
import { VALUE_TYPES } from './aspect-body.dto';

/** An aspect as returned (null properties omitted). */
export class AspectResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Latency' }) name!: string;
  @ApiProperty({ example: '5m' }) timeout!: string;
  @ApiProperty({ enum: VALUE_TYPES }) valueType!: string;
  @ApiPropertyOptional({ type: [Number], example: [1, 1] }) criticalRange?: number[];
  @ApiPropertyOptional({ type: [Number] }) warningRange?: number[];
  @ApiPropertyOptional({ type: [Number] }) infoRange?: number[];
  @ApiPropertyOptional({ type: [Number], example: [0, 0] }) okRange?: number[];
  @ApiPropertyOptional() rank?: number;
  @ApiPropertyOptional() valueLabel?: string;
  @ApiProperty() isPublished!: boolean;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() helpEmail?: string;
  @ApiPropertyOptional() helpUrl?: string;
  @ApiPropertyOptional() imageUrl?: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [RelatedLinkDto] }) relatedLinks!: RelatedLinkDto[];
  @ApiPropertyOptional({ format: 'uuid' }) createdBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: UserSummaryDto }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}
