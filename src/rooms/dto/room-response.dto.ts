import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OwnedRecordDto } from '../../common/dto/record-response.dto';

/** A room. */
export class RoomResponseDto extends OwnedRecordDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', description: 'The room type id.' }) type!: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty({ default: 'other' }) origin!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) settings?: Record<string, unknown>;
  @ApiProperty({ default: false }) active!: boolean;
  @ApiProperty({ type: [String] }) bots!: string[];
}
