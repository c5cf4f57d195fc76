import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DescribedRecordResponseDto } from '../../common/dto/described-record.dto';
import { VALUE_TYPES } from './aspect-body.dto';

/** An aspect as returned (null properties omitted). */
export class AspectResponseDto extends DescribedRecordResponseDto {
  @ApiProperty({ example: 'Latency' }) name!: string;
  @ApiProperty({ example: '5m' }) timeout!: string;
  @ApiProperty({ enum: VALUE_TYPES }) valueType!: string;
  @ApiPropertyOptional({ type: [Number], example: [1, 1] }) criticalRange?: number[];
  @ApiPropertyOptional({ type: [Number] }) warningRange?: number[];
  @ApiPropertyOptional({ type: [Number] }) infoRange?: number[];
  @ApiPropertyOptional({ type: [Number], example: [0, 0] }) okRange?: number[];
  @ApiPropertyOptional() rank?: number;
  @ApiPropertyOptional() valueLabel?: string;
}
