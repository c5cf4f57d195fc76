import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { OwnerProperty } from '../../common/dto/owner.property';

/** `POST /v1/botData` and `POST /v1/botData/upsert` (what the BDK's createBotData/upsertBotData send). */
@ReadOnlyFields('user', 'owner_id', 'apiLinks')
export class BotDataBodyDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(254) name!: string;
  @ApiProperty({ description: 'Room id (integer) or name.', oneOf: [{ type: 'integer' }, { type: 'string' }] }) @IsDefined() roomId!: number | string;
  @ApiProperty({ description: 'Bot id or name.' }) @IsString() @MinLength(1) botId!: string;
  @ApiPropertyOptional({ description: 'A string (usually JSON text).' }) @IsOptional() @IsString() value?: string;
  @OwnerProperty() owner?: string;
}

/** `PATCH /v1/botData/{id}` (the BDK's changeBotData sends `value`). */
@ReadOnlyFields('user', 'owner_id', 'apiLinks', 'roomId', 'botId')
export class BotDataPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() value?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(254) name?: string;
  @OwnerProperty() owner?: string;
}
