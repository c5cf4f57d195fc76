import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { OwnerProperty } from '../../common/dto/owner.property';

/** `POST /v1/botActions` (what the BDKs send: the browser one adds `userId`). */
@ReadOnlyFields('user', 'owner_id', 'apiLinks')
export class BotActionBodyDto {
  @ApiProperty({ description: "One of the bot's actions." }) @IsString() @MinLength(1) @MaxLength(254) name!: string;
  @ApiProperty({ description: 'Room id (integer) or name.', oneOf: [{ type: 'integer' }, { type: 'string' }] }) @IsDefined() roomId!: number | string;
  @ApiProperty({ description: 'Bot id or name.' }) @IsString() @MinLength(1) botId!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() isPending?: boolean;
  @ApiPropertyOptional({ description: 'As many as the action declares, when it declares any.' }) @IsOptional() parameters?: unknown;
  @ApiPropertyOptional() @IsOptional() response?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsString() actionLog?: string;
  @ApiPropertyOptional({ description: 'Accepted for compatibility; the action is always recorded as the caller’s.' }) @IsOptional() @IsString() userId?: string;
  @OwnerProperty() owner?: string;
}

/** `PATCH /v1/botActions/{id}`: how a bot answers (`isPending: false`, `response`, maybe `parameters`). */
@ReadOnlyFields('user', 'owner_id', 'apiLinks', 'roomId', 'botId', 'userId')
export class BotActionPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPending?: boolean;
  @ApiPropertyOptional() @IsOptional() response?: unknown;
  @ApiPropertyOptional() @IsOptional() parameters?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsString() actionLog?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(254) name?: string;
  @OwnerProperty() owner?: string;
}
