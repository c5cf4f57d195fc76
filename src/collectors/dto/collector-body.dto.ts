import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';
import { HelpFieldsDto, present } from '../../common/dto/help-fields.dto';

/** POST /v1/collectors/start, as refocus-collector 1.2.1 sends it. */
@ReadOnlyFields('status', 'registered', 'lastHeartbeat', 'token')
export class CollectorStartDto extends HelpFieldsDto {
  @IsRecordName({ example: 'c1' })
  name!: string;

  @ApiPropertyOptional({ example: '1.2.1', description: 'The collector software version.' })
  @present
  @IsString()
  @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ description: '{arch, hostname, platform, release, type, username}' })
  @present
  @IsObject()
  osInfo?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '{execPath, memoryUsage, uptime, version, versions}' })
  @present
  @IsObject()
  processInfo?: Record<string, unknown>;
}

/** `collectorConfig` of a heartbeat: the collector's current metadata. */
export class HeartbeatMetadataDto {
  @ApiPropertyOptional()
  @present
  @IsObject()
  osInfo?: Record<string, unknown>;

  @ApiPropertyOptional()
  @present
  @IsObject()
  processInfo?: Record<string, unknown>;

  @ApiPropertyOptional()
  @present
  @IsString()
  @MaxLength(64)
  version?: string;
}

/** POST /v1/collectors/{key}/heartbeat, as refocus-collector 1.2.1 sends it. */
export class HeartbeatDto {
  @ApiProperty({ description: 'Collector clock (ms): secret context values in the reply are encrypted with it.' })
  @IsNumber()
  timestamp!: number;

  @ApiPropertyOptional({ type: HeartbeatMetadataDto, description: '{osInfo, processInfo, version}' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HeartbeatMetadataDto)
  collectorConfig?: HeartbeatMetadataDto;
}

/** PATCH /v1/collectors/{key}. */
@ReadOnlyFields('status', 'registered', 'lastHeartbeat', 'name', 'token')
export class CollectorPatchDto extends HelpFieldsDto {}
