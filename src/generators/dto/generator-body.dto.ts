import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { HelpFieldsDto, present, StringList } from '../../common/dto/help-fields.dto';
import { IsRecordName } from '../../common/names';

/** The longest interval the collector can repeat (Node's setInterval limit, 2^31-1 ms). */
export const MAX_INTERVAL_SECS = 2147483;

/** `generatorTemplate` of a generator: a template name and a semver range. */
export class GeneratorTemplateRefDto {
  @ApiProperty({ example: 'status-page' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  name!: string;

  @ApiProperty({ example: '^1.0.0', description: 'A semver range: the highest published matching version is used.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  version!: string;
}

/** Fields every generator write may carry; absent → default (POST, PUT) or unchanged (PATCH). */
export class GeneratorFieldsDto extends HelpFieldsDto {
  @ApiPropertyOptional({
    description: 'Values for the template contextDefinition keys; encrypted keys are stored encrypted and read back as "********".',
    example: { region: 'us-east', token: 's3cret' },
  })
  @present
  @IsObject()
  context?: Record<string, unknown>;

  /** The collector runs it with setInterval(intervalSecs * 1000): at most 2^31-1 ms. */
  @ApiPropertyOptional({ default: 60, minimum: 1, maximum: MAX_INTERVAL_SECS })
  @present
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL_SECS)
  intervalSecs?: number;

  @ApiPropertyOptional({ description: 'Collector group name (any case) or id.' })
  @IsOptional()
  @IsString()
  collectorGroup?: string | null;

  @ApiPropertyOptional({ default: false })
  @present
  @IsBoolean()
  isActive?: boolean;

  @StringList()
  tags?: string[];

  @StringList("The original format's keywords, kept as tags.")
  keywords?: string[];
}

/** POST and PUT /v1/generators. */
@ReadOnlyFields('currentCollector', 'token', 'lastUpsertAt')
export class GeneratorBodyDto extends GeneratorFieldsDto {
  @IsRecordName({ example: 'status-east' })
  name!: string;

  @ApiProperty({ type: [String], example: ['ping'], description: 'Aspect names; each must exist and be writable by the creator.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  aspects!: string[];

  @ApiProperty({ example: '?absolutePath=Root.*', description: 'Query string of GET /v1/subjects (isPublished=true is added).' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  subjectQuery!: string;

  @ApiProperty({ type: GeneratorTemplateRefDto })
  @ValidateNested()
  @Type(() => GeneratorTemplateRefDto)
  generatorTemplate!: GeneratorTemplateRefDto;
}

/** PATCH /v1/generators/{key}. */
@ReadOnlyFields('currentCollector', 'token', 'lastUpsertAt')
export class GeneratorPatchDto extends GeneratorFieldsDto {
  @IsOptional()
  @IsRecordName({ optional: true })
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @present
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  aspects?: string[];

  @ApiPropertyOptional()
  @present
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  subjectQuery?: string;

  @ApiPropertyOptional({ type: GeneratorTemplateRefDto })
  @present
  @ValidateNested()
  @Type(() => GeneratorTemplateRefDto)
  generatorTemplate?: GeneratorTemplateRefDto;
}
