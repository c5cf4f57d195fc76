import { ApiProperty } from '@nestjs/swagger';
import { RecordTimesDto } from '../../common/dto/record-response.dto';

/** Bot data. */
export class BotDataResponseDto extends RecordTimesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() value!: string;
  @ApiProperty({ type: 'integer' }) roomId!: number;
  @ApiProperty({ format: 'uuid' }) botId!: string;
}
