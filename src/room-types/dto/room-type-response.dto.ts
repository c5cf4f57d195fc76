import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OwnedRecordDto } from '../../common/dto/record-response.dto';

/** A room type. */
export class RoomTypeResponseDto extends OwnedRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ default: false }) isEnabled!: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) settings?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{rule, action: {name, parameters}}]' }) rules!: unknown[];
  @ApiProperty({ type: [String] }) bots!: string[];
}
