import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

/** `POST /v1/events` and each item of `POST /v1/events/bulk` (what the BDK's createEvents/respondBotAction send). */
@ReadOnlyFields('apiLinks')
export class EventBodyDto {
  @ApiProperty() @IsString() @MinLength(1) log!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(254) actionType?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free JSON; `context.type` is filterable as `?type=`.' })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Room id (integer) or name.', oneOf: [{ type: 'integer' }, { type: 'string' }] }) @IsOptional() roomId?: number | string;
  @ApiPropertyOptional({ description: 'Bot id or name.' }) @IsOptional() @IsString() botId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() botDataId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() botActionId?: string;
  @ApiPropertyOptional({ description: 'The user the event is about (default: the caller).' }) @IsOptional() @IsUUID() userId?: string;
}
