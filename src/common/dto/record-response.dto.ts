import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../api-links';
import { UserSummaryDto } from './user-summary.dto';

/** What every bot-side record answers with (bots, rooms, room types, bot actions, bot data, events). */
export abstract class RecordTimesDto {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

/** Plus the users of an owned record. */
export abstract class OwnedRecordDto extends RecordTimesDto {
  @ApiPropertyOptional({ type: UserSummaryDto, description: 'Who created it.' }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
}
