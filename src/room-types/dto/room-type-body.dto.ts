import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';
import { OwnerProperty } from '../../common/dto/owner.property';

/** `POST /v1/roomTypes`. */
@ReadOnlyFields('user', 'owner_id', 'apiLinks')
export class RoomTypeBodyDto {
  @IsRecordName({ example: 'Incident' })
  name!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isEnabled?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Default settings of new rooms.' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: '`[{rule, action: {name, parameters}}]`; stored, not executed.' })
  @IsOptional()
  @IsArray()
  rules?: unknown[];

  @ApiPropertyOptional({ type: [String], description: 'Names of existing bots, each once.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  bots?: string[];

  @OwnerProperty()
  owner?: string;
}

/** `PATCH /v1/roomTypes/{key}`: any of the fields. */
@ReadOnlyFields('user', 'owner_id', 'apiLinks')
export class RoomTypePatchDto extends PartialType(RoomTypeBodyDto) {}
