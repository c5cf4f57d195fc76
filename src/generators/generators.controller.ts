import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
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
import { GeneratorBodyDto, GeneratorPatchDto } from './dto/generator-body.dto';
import { GeneratorsService } from './generators.service';
import { GENERATOR_LIST_SPEC } from './helpers/generator-list-spec';

const KEY = { name: 'key', description: 'Generator id, or name (exact, any case).' };
const RECORD = {
  description: 'A sample generator (secret context values read back as "********"; currentCollector: where it runs)',
  schema: { type: 'object', additionalProperties: true },
};
const BAD =
  'Schema violation, read-only field, unknown template or no published version in the range, malformed semver range, ' +
  'context key not in the definition, missing required context key, unknown aspect or one the creator may not write, ' +
  'intervalSecs not a positive integer, unknown collector group.';

type View = Record<string, unknown>;

@ApiTags('generators')
@Controller('v1/generators')
export class GeneratorsController {
  constructor(private readonly service: GeneratorsService) {}

  @Get()
  @Paginated(GENERATOR_LIST_SPEC)
  @ApiOperation({ summary: 'List sample generators' })
  @ApiOkResponse({ description: 'Generators, with X-Total-Count', schema: { type: 'array', items: RECORD.schema } })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<View>>> {
    return this.service.list(caller, query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a sample generator' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiNotFoundResponse({ description: 'No such generator.' })
  get(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.get(caller, key);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a sample generator',
    description: 'An active generator with a collector group runs on the live Running collector of the group with the fewest generators.',
  })
  @ApiCreatedResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'A generator with that name (any case) exists.' })
  create(@Caller() caller: AuthenticatedUser, @Body() body: GeneratorBodyDto): Promise<View> {
    return this.service.create(caller, body);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Generator, 'key')
  @ApiOperation({ summary: 'Overwrite a sample generator', description: 'Fields left out go back to their defaults.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another generator has that name.' })
  replace(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: GeneratorBodyDto): Promise<View> {
    return this.service.replace(caller, key, body);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Generator, 'key')
  @ApiOperation({ summary: 'Update some fields of a sample generator', description: 'A context sent replaces the whole context.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  @ApiBadRequestResponse({ description: BAD })
  @ApiConflictResponse({ description: 'Another generator has that name.' })
  patch(@Caller() caller: AuthenticatedUser, @Param('key') key: string, @Body() body: GeneratorPatchDto): Promise<View> {
    return this.service.patch(caller, key, body);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Generator, 'key')
  @ApiOperation({ summary: 'Delete a sample generator', description: 'Its collector stops it on its next heartbeat; its token stops working at once.' })
  @ApiParam(KEY)
  @ApiOkResponse(RECORD)
  remove(@Caller() caller: AuthenticatedUser, @Param('key') key: string): Promise<View> {
    return this.service.remove(caller, key);
  }
}
