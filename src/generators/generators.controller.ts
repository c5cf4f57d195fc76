import { Body, Controller, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { DeleteRoute, GetRoute, keyParam, ListRoute, RECORD_SCHEMA, WriterRoute } from '../collectors/route-decorators';
import type { ListPage } from '../common/pagination';
import { ResourceKind } from '../writers/resource-kind';
import { GeneratorBodyDto, GeneratorPatchDto } from './dto/generator-body.dto';
import type { GeneratorResponse } from './generator.presenter';
import { GeneratorsService } from './generators.service';
import { GENERATOR_LIST_SPEC } from './generators.list';

const KEY = keyParam('Generator');
const BAD =
  'Schema violation, read-only field, unknown template or no published version in the range, malformed semver range, ' +
  'context key not in the definition, missing required context key, unknown aspect or one the creator may not write, ' +
  'intervalSecs not a positive integer, unknown collector group.';
const CONFLICT = 'Another generator has that name (any case).';


/** Sample generators; secret context values read back as "********"; `currentCollector` says where one runs. */
@ApiTags('generators')
@Controller('v1/generators')
export class GeneratorsController {
  constructor(private readonly service: GeneratorsService) {}

  @ListRoute('sample generator', GENERATOR_LIST_SPEC)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<GeneratorResponse>>> {
    return this.service.list(query);
  }

  @GetRoute('sample generator', KEY)
  get(@Param('key') key: string): Promise<GeneratorResponse> {
    return this.service.get(key);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a sample generator',
    description: 'An active generator with a collector group runs on the live Running collector of the group with the fewest generators.',
  })
  @ApiCreatedResponse({ description: 'The generator', schema: RECORD_SCHEMA })
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: CONFLICT })
  create(@Caller() caller: AuthenticatedUser, @Body() body: GeneratorBodyDto): Promise<GeneratorResponse> {
    return this.service.create(caller, body);
  }

  @WriterRoute(ResourceKind.Generator, Put(':key'), KEY, { summary: 'Overwrite a sample generator', description: 'Fields left out go back to their defaults.', bad: BAD, conflict: CONFLICT })
  replace(@Param('key') key: string, @Body() body: GeneratorBodyDto): Promise<GeneratorResponse> {
    return this.service.replace(key, body);
  }

  @WriterRoute(ResourceKind.Generator, Patch(':key'), KEY, { summary: 'Update some fields of a sample generator', description: 'A context sent replaces the whole context.', bad: BAD, conflict: CONFLICT })
  patch(@Param('key') key: string, @Body() body: GeneratorPatchDto): Promise<GeneratorResponse> {
    return this.service.patch(key, body);
  }

  @DeleteRoute(ResourceKind.Generator, 'sample generator', KEY, 'Its collector stops it on its next heartbeat; its token stops working at once.')
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<GeneratorResponse> {
    return this.service.remove(caller, key);
  }
}
