import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RecordTimesDto } from '../../common/dto/record-response.dto';

/** A bot action. */
export class BotActionResponseDto extends RecordTimesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) roomId!: number;
  @ApiProperty({ format: 'uuid' }) botId!: string;
  @ApiProperty({ default: true }) isPending!: boolean;
  @ApiPropertyOptional({ description: 'Any JSON.' }) parameters?: unknown;
  @ApiPropertyOptional({ description: 'Any JSON.' }) response?: unknown;
  @ApiPropertyOptional() actionLog?: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
}
