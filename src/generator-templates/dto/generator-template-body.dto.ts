import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { HelpFieldsDto, present, StringList } from '../../common/dto/help-fields.dto';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';


/** The fields of a template every write may carry; absent means default (POST) or unchanged (PATCH). */
export class GeneratorTemplateFieldsDto extends HelpFieldsDto {
  @ApiPropertyOptional({ example: { name: 'Jane', email: 'jane@example.com', url: 'https://example.com' } })
  @present
  @IsObject()
  author?: Record<string, unknown>;

  @ApiPropertyOptional({ example: { type: 'git', url: 'https://github.com/x/y' } })
  @present
  @IsObject()
  repository?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'How to call the data source: method, url (with {{var}} placeholders) or toUrl, headers, bulk, timeout.',
    example: { method: 'GET', url: 'https://status.example.com/{{region}}', headers: { Authorization: 'Bearer {{token}}' }, bulk: true },
  })
  @present
  @IsObject()
  connection?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Context keys: {description, required, default, encrypted}.',
    example: { region: { description: 'Region', required: true }, token: { description: 'API token', required: true, encrypted: true } },
  })
  @present
  @IsObject()
  contextDefinition?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'default: the body of a JavaScript function (string or array of lines) turning the response into samples; errorHandlers; responseSchema.',
    example: { default: 'return subjects.map(s => ({ name: s.absolutePath + "|ping", value: "1" }));' },
  })
  @present
  @IsObject()
  transform?: Record<string, unknown>;

  @ApiPropertyOptional({ default: false })
  @present
  @IsBoolean()
  isPublished?: boolean;

  @StringList()
  tags?: string[];
}

/** POST /v1/generatorTemplates. */
@ReadOnlyFields()
export class GeneratorTemplateBodyDto extends GeneratorTemplateFieldsDto {
  @IsRecordName({ example: 'status-page' })
  name!: string;

  @ApiProperty({ example: '1.0.0', minLength: 5, description: 'Semantic version MAJOR.MINOR.PATCH; unique with the name.' })
  @IsString()
  @MaxLength(64)
  version!: string;

  @ApiProperty()
  declare connection: Record<string, unknown>;

  @ApiProperty()
  declare transform: Record<string, unknown>;
}

/** PATCH /v1/generatorTemplates/{key}: name and version may change too. */
@ReadOnlyFields()
export class GeneratorTemplatePatchDto extends GeneratorTemplateFieldsDto {
  @IsOptional()
  @IsRecordName({ optional: true })
  name?: string;

  @ApiPropertyOptional({ example: '1.0.1' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;
}
