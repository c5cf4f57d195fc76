import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { OwnerProperty } from '../../common/dto/owner.property';

/** Multipart fields are strings: "true"/"false" (any case) become booleans, anything else fails IsBoolean. */
const toBoolean = Transform(({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.toLowerCase() : value;
  return text === 'true' ? true : text === 'false' ? false : value;
});

const BOT_READ_ONLY = ['installedBy', 'lastHeartbeat', 'token', 'user', 'apiLinks'];

/**
 * The string fields of `POST`/`PUT /v1/bots` (multipart/form-data, the zip is `ui`), exactly
 * what the BDK sends; `actions`, `data` and `settings` are JSON strings, checked by the service.
 * Every field optional here: the service reports the missing required ones as the original did.
 */
@ReadOnlyFields(...BOT_READ_ONLY)
export class BotFormDto {
  @ApiPropertyOptional({ example: 'my-bot' }) @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional({ example: 'https://bot.example.com' }) @IsOptional() @IsString() url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() helpUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() ownerUrl?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() displayName?: string;
  @ApiPropertyOptional({ maxLength: 10, example: '1.0.0' }) @IsOptional() @IsString() version?: string;
  @ApiPropertyOptional({ type: Boolean, default: false }) @IsOptional() @toBoolean @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'JSON array of {name, parameters: [{name, type} | {name, value}]}' }) @IsOptional() @IsString() actions?: string;
  @ApiPropertyOptional({ description: 'JSON array of {name, type}' }) @IsOptional() @IsString() data?: string;
  @ApiPropertyOptional({ description: 'JSON array of {key, helpText}' }) @IsOptional() @IsString() settings?: string;
  @OwnerProperty()
  owner?: string;
}

/** `PATCH /v1/bots/{key}` (JSON): any field but the UI; arrays as JSON. */
@ReadOnlyFields(...BOT_READ_ONLY, 'ui')
export class BotPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() helpUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() ownerUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() version?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() actions?: unknown;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() data?: unknown;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() settings?: unknown;
  @OwnerProperty() owner?: string;
}

/** `POST /v1/bots/{key}/heartbeat`. */
export class BotHeartbeatDto {
  @ApiPropertyOptional({ description: 'The bot’s clock (ignored: the server’s time is kept).' })
  @IsOptional()
  currentTimestamp?: unknown;
}
