import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';
import { OwnerProperty } from '../../common/dto/owner.property';

/** Where a room was made (the original's values). */
export const ROOM_ORIGINS = ['auto_create', 'auto_create_import', 'other', 'slack', 'web'];

/** `POST /v1/rooms`. */
@ReadOnlyFields('user', 'apiLinks')
export class RoomBodyDto {
  @IsRecordName({ example: 'incident-42' })
  name!: string;

  @ApiProperty({ description: 'Room type id or name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  type!: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  externalId?: string;

  @ApiPropertyOptional({ enum: ROOM_ORIGINS, default: 'other' })
  @IsOptional()
  @IsIn(ROOM_ORIGINS)
  origin?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Empty → the room type settings.' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Bot names; empty → the room type bots.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  bots?: string[];

  @OwnerProperty()
  owner?: string;
}

/** `PATCH /v1/rooms/{key}` (the BDK sends settings, externalId, name, active). */
@ReadOnlyFields('user', 'apiLinks')
export class RoomPatchDto extends PartialType(RoomBodyDto) {}
