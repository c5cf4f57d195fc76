import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { DeleteRoute, GetRoute, keyParam, ListRoute, RECORD_SCHEMA, WriterRoute } from '../collectors/route-decorators';
import type { ListPage } from '../common/pagination';
import { ResourceKind } from '../writers/resource-kind';
import { GeneratorTemplateBodyDto, GeneratorTemplatePatchDto } from './dto/generator-template-body.dto';
import type { GeneratorTemplateResponse } from './generator-template.presenter';
import { GeneratorTemplatesService } from './generator-templates.service';
import { TEMPLATE_LIST_SPEC } from './generator-templates.list';

const KEY = keyParam('Template', ': then its highest version');
const BAD = 'Schema violation, read-only field, malformed semver, connection without url/toUrl, transform without a function body.';
const CONFLICT = 'That name and version exist.';


@ApiTags('generatorTemplates')
@Controller('v1/generatorTemplates')
export class GeneratorTemplatesController {
  constructor(private readonly service: GeneratorTemplatesService) {}

  @ListRoute('generator template', TEMPLATE_LIST_SPEC)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<GeneratorTemplateResponse>>> {
    return this.service.list(query);
  }

  @GetRoute('generator template', KEY)
  get(@Param('key') key: string): Promise<GeneratorTemplateResponse> {
    return this.service.get(key);
  }

  @Get(':name/:version')
  @ApiOperation({ summary: 'Get one version of a generator template' })
  @ApiParam({ name: 'name', description: 'Template name (any case)' })
  @ApiParam({ name: 'version', description: 'Exact version, e.g. 1.0.0' })
  @ApiOkResponse({ description: 'The template version', schema: RECORD_SCHEMA })
  @ApiNotFoundResponse({ description: 'No such template version.' })
  getVersion(@Param('name') name: string, @Param('version') version: string): Promise<GeneratorTemplateResponse> {
    return this.service.getVersion(name, version);
  }

  @Post()
  @ApiOperation({ summary: 'Create a generator template', description: 'name + version are unique together (name ignoring case).' })
  @ApiCreatedResponse({ description: 'The template', schema: RECORD_SCHEMA })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: CONFLICT })
  create(@Caller() caller: AuthenticatedUser, @Body() body: GeneratorTemplateBodyDto): Promise<GeneratorTemplateResponse> {
    return this.service.create(caller, body);
  }

  @WriterRoute(ResourceKind.GeneratorTemplate, Patch(':key'), KEY, { summary: 'Update some fields of a generator template', bad: BAD, conflict: CONFLICT })
  patch(@Param('key') key: string, @Body() body: GeneratorTemplatePatchDto): Promise<GeneratorTemplateResponse> {
    return this.service.patch(key, body);
  }

  @DeleteRoute(ResourceKind.GeneratorTemplate, 'generator template', KEY, 'Generators using it keep running the version they were given until they are changed.')
  remove(@Param('key') key: string): Promise<GeneratorTemplateResponse> {
    return this.service.remove(key);
  }
}
