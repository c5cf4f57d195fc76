import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OwnedRecordDto } from '../../common/dto/record-response.dto';

/** A bot (lists never include the UI; POST/PUT add `ui: {name, size}` and `token`; GET one the UI bytes). */
export class BotResponseDto extends OwnedRecordDto {
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
