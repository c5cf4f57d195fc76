import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink } from '../../common/api-links';
import { UserSummaryDto } from '../../common/dto/user-summary.dto';

/** What every bot-side record answers with. */
abstract class RecordTimesDto {
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

/** Plus the users of an owned record. */
abstract class OwnedDto extends RecordTimesDto {
  @ApiPropertyOptional({ type: UserSummaryDto, description: 'Who created it.' }) user?: UserSummaryDto;
  @ApiPropertyOptional({ type: UserSummaryDto }) owner?: UserSummaryDto;
}

/** A bot (lists never include the UI; POST/PUT add `ui: {name, size}` and `token`; GET one the UI bytes). */
export class BotResponseDto extends OwnedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'my-bot' }) name!: string;
  @ApiProperty({ example: 'https://bot.example.com' }) url!: string;
  @ApiPropertyOptional() helpUrl?: string;
  @ApiPropertyOptional() ownerUrl?: string;
  @ApiPropertyOptional({ maxLength: 60 }) displayName?: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ default: false }) active!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{name, parameters: [{name, type} | {name, value}]}]' }) actions!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{key, helpText}]' }) settings!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{name, type}]' }) data!: unknown[];
  @ApiPropertyOptional() lastHeartbeat?: Date;
  @ApiPropertyOptional({ format: 'uuid', description: 'The user who installed it.' }) installedBy?: string;
  @ApiPropertyOptional({ description: 'POST/PUT: `{name, size}`; GET one: `{type: "Buffer", data: [bytes]}`.', type: 'object', additionalProperties: true })
  ui?: unknown;
  @ApiPropertyOptional({ description: 'POST/PUT only: the bot token (rfk_…), shown once.' }) token?: string;
}

/** A room type. */
export class RoomTypeResponseDto extends OwnedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ default: false }) isEnabled!: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) settings?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '[{rule, action: {name, parameters}}]' }) rules!: unknown[];
  @ApiProperty({ type: [String] }) bots!: string[];
}

/** A room. */
export class RoomResponseDto extends OwnedDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', description: 'The room type id.' }) type!: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty({ default: 'other' }) origin!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) settings?: Record<string, unknown>;
  @ApiProperty({ default: false }) active!: boolean;
  @ApiProperty({ type: [String] }) bots!: string[];
}

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

/** Bot data. */
export class BotDataResponseDto extends RecordTimesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() value!: string;
  @ApiProperty({ type: 'integer' }) roomId!: number;
  @ApiProperty({ format: 'uuid' }) botId!: string;
}

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
