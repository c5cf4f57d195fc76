import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { ApiLink } from '../api-links';
import { RelatedLinkDto, RelatedLinksProperty, TagsProperty } from './tags-and-links';
import { UserSummaryDto } from './user-summary.dto';

/** '' → null for the URL and e-mail fields (REFOCUS-REFERENCE.md §3.5). */
export const emptyToNull = ({ value }: { value: unknown }): unknown => (value === '' ? null : value);

/**
 * The writable properties subjects and aspects share (all optional here): publication, the
 * describing texts and links, tags, related links and the owner.
 */
export abstract class DescribedRecordFieldsDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254, example: 'oncall@example.com' })
  @Transform(emptyToNull)
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  helpEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2082, example: 'https://wiki.example.com/help' })
  @Transform(emptyToNull)
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2082)
  helpUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2082 })
  @Transform(emptyToNull)
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2082)
  imageUrl?: string | null;

  @IsOptional()
  @TagsProperty()
  tags?: string[];

  @IsOptional()
  @RelatedLinksProperty()
  relatedLinks?: RelatedLinkDto[];

  @ApiPropertyOptional({ minLength: 1, description: 'User name or id of the owner (default: the creator).' })
  @IsOptional()
  @IsString()
  owner?: string;
}

/** The answered properties subjects and aspects share (null properties omitted). */
export abstract class DescribedRecordResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
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
