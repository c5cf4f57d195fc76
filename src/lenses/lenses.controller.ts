import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, Caller, Override } from '../auth/caller';
import { ListPage, Paginated } from '../common/pagination';
import { ListParams } from '../common/list-params';
import { RequireWriter } from '../writers/require-writer.decorator';
import { ResourceKind } from '../writers/resource-kind';
import { LensFormDto, lensFormSchema, LensPatchDto } from './dto/lens-body.dto';
import { LensResponseDto, LensWithLibraryDto } from './dto/lens-response.dto';
import { LENS_MAX_UPLOAD_BYTES, UploadedLibrary } from './helpers/lens-library';
import { zipFileInterceptor } from '../common/zip/zip-upload';
import { LensesService, LensView } from './lenses.service';

const KEY = { name: 'key', description: 'Lens id, or name (exact, any case).' };
/** Memory storage (the default), one file, few and small fields. */
const UPLOAD = zipFileInterceptor('library');
const ZIP_ERRORS =
  'Not a zip (mime type or content), lens.js/lens.json missing, bad lens.json, bad field, read-only field, unknown owner.';

@ApiTags('lenses')
@Controller('v1/lenses')
export class LensesController {
  constructor(private readonly service: LensesService) {}

  @Get()
  @Paginated()
  @ListParams('name', 'sourceName', 'description', 'version', 'isPublished', 'isCustom', 'createdAt', 'updatedAt')
  @ApiOperation({ summary: 'List lenses', description: 'Never includes the library.' })
  @ApiOkResponse({ type: [LensResponseDto] })
  list(@Query() query: Record<string, unknown>): Promise<ListPage<Partial<LensView>>> {
    return this.service.list(query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get a lens with its library', description: 'Published or not: every signed-in user may read every lens.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: LensWithLibraryDto })
  @ApiNotFoundResponse({ description: 'No such lens.' })
  get(@Param('key') key: string): Promise<LensView> {
    return this.service.get(key);
  }

  @Post()
  @UseInterceptors(UPLOAD)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: lensFormSchema(true) })
  @ApiOperation({ summary: 'Install a lens', description: 'Metadata comes from lens.json; form name/description/version override it.' })
  @ApiCreatedResponse({ type: LensResponseDto })
  @ApiBadRequestResponse({ description: ZIP_ERRORS })
  @ApiConflictResponse({ description: 'A lens with that name (any case) exists.' })
  @ApiPayloadTooLargeResponse({ description: `The zip is larger than ${LENS_MAX_UPLOAD_BYTES} bytes.` })
  create(
    @Caller() caller: AuthenticatedUser,
    @Body() form: LensFormDto,
    @UploadedFile() library: UploadedLibrary | undefined,
  ): Promise<LensView> {
    return this.service.create(caller, form, library);
  }

  @Put(':key')
  @RequireWriter(ResourceKind.Lens, 'key')
  @UseInterceptors(UPLOAD)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: lensFormSchema(false) })
  @ApiOperation({
    summary: 'Overwrite a lens',
    description: 'A new library replaces the stored one (lens.json is not re-read). Missing name/description/version fall back to lens.json; missing isPublished → false.',
  })
  @ApiParam(KEY)
  @ApiOkResponse({ type: LensResponseDto })
  @ApiBadRequestResponse({ description: `${ZIP_ERRORS} Unpublishing a lens in use.` })
  @ApiConflictResponse({ description: 'Another lens has that name.' })
  replace(
    @Caller() caller: AuthenticatedUser,
    @Param('key') key: string,
    @Body() form: LensFormDto,
    @UploadedFile() library: UploadedLibrary | undefined,
    @Override() override: boolean,
  ): Promise<LensView> {
    return this.service.replace(caller, key, form, library, override);
  }

  @Patch(':key')
  @RequireWriter(ResourceKind.Lens, 'key')
  @ApiOperation({ summary: 'Update lens metadata', description: 'JSON: description, isPublished, name, version, owner.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: LensResponseDto })
  @ApiBadRequestResponse({ description: 'Bad field, read-only field, unknown owner, unpublishing a lens in use.' })
  @ApiConflictResponse({ description: 'Another lens has that name.' })
  patch(
    @Caller() caller: AuthenticatedUser,
    @Param('key') key: string,
    @Body() body: LensPatchDto,
    @Override() override: boolean,
  ): Promise<LensView> {
    return this.service.patch(caller, key, body, override);
  }

  @Delete(':key')
  @HttpCode(200)
  @RequireWriter(ResourceKind.Lens, 'key')
  @ApiOperation({ summary: 'Uninstall a lens', description: 'Refused (400) while a perspective uses it.' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: LensResponseDto, description: 'The deleted lens.' })
  @ApiBadRequestResponse({ description: 'The lens is still in use by a perspective.' })
  remove(@Param('key') key: string): Promise<LensView> {
    return this.service.remove(key);
  }
}
