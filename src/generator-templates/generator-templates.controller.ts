import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { GeneratorTemplateBodyDto, GeneratorTemplatePatchDto } from './dto/generator-template-body.dto';
import { GeneratorTemplatesService } from './generator-templates.service';
import { TEMPLATE_LIST_SPEC } from './helpers/template-list-spec';

const KEY = { name: 'key', description: 'Template id, or name (exact, any case): then its highest version.' };
const RECORD = { description: 'A generator template', schema: { type: 'object', additionalProperties: true } };
const BAD = 'Schema violation, read-only field, malformed semver, connection without url/toUrl, transform without a function body.';

type View = Record<string, unknown>;

@ApiTags('generatorTemplates')
@Controller('v1/generatorTemplates')
export class GeneratorTemplatesController {
  constructor(private readonly service: GeneratorTemplatesService) {}

  @Get()
  @Paginated(TEMPLATE_LIST_SPEC)
  @ApiOperation({ summary: 'List generator templates' })
  @ApiOkResponse({ description: 'Templates, with X-Total-Count', schema: { type: 'array', items: RECORD.schema } })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<View>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a generator template' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiNotFoundResponse({ description: 'No such template.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.get(caller, key);
  }

  @Get(':name/:version')
  @ApiOperation({ summary: 'Get one version of a generator template' })
  @ApiParam({ name: 'name', description: 'Template name (any case)' })
  @ApiParam({ name: 'version', description: 'Exact version, e.g. 1.0.0' })
  @ApiOkResponse(RECORD)
  @ApiNotFoundResponse({ description: 'No such template version.' })
  getVersion(@Caller() caller: AuthenticatedUser, @Param('name') name: string, @Param('version') version: string): Promise<View> {
    return this.service.getVersion(caller, name, version);
  }

  @Post()
  @ApiOperation({ summary: 'Create a generator template', description: 'name + version are unique together (name ignoring case).' })
  @ApiCreatedResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'That name and version exist.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: GeneratorTemplateBodyDto): Promise<View> {
    return this.service.create(caller, body);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.GeneratorTemplate, 'key')
  @ApiOperation({ summary: 'Update some fields of a generator template' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'That name and version exist.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: GeneratorTemplatePatchDto): Promise<View> {
    return this.service.patch(caller, key, body);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.GeneratorTemplate, 'key')
  @ApiOperation({ summary: 'Delete a generator template', description: 'Generators using it keep running the version they were given until they are changed.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.remove(caller, key);
  }
}
