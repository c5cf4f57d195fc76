import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RecordTimesDto } from '../../common/dto/record-response.dto';

/** An event. */
export class EventResponseDto extends RecordTimesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() log!: string;
  @ApiPropertyOptional() actionType?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) context?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'integer' }) roomId?: number;
  @ApiPropertyOptional({ format: 'uuid' }) botId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) botDataId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) botActionId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
}
