import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { Presented, presentRecord, RecordShape } from '../common/presenter';
import { nextOwnerId } from '../writers/owner-change';
import type { LensFormDto, LensPatchDto } from './dto/lens-body.dto';
import { LENS_ZIP_LIMITS, libraryToJson, parseLensJson, readLensLibrary, UploadedLibrary } from './helpers/lens-library';
import { LENS_LIST_SPEC } from './lenses.list';
import { readZip } from '../common/zip/zip-reader';
import { LensesRepository, LensRow } from './lenses.repository';

const SHAPE: RecordShape<'ownerId' | 'library'> = { collection: '/v1/lenses', noun: 'lens', hidden: ['ownerId', 'library'] };

/** A lens as the API answers: no ownerId, nulls omitted, apiLinks added. */
export type LensView = Presented<LensRow, 'ownerId' | 'library'>;

/** Lenses: zip upload and validation, metadata from lens.json, the in-use rules. */
@Injectable()
export class LensesService {
  constructor(private readonly repo: LensesRepository) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<LensView>>> {
    return listRecords(query, LENS_LIST_SPEC, (q) => this.repo.list(q), present);
  }


  /** The lens with its library unpacked; unpublished lenses too (any signed-in user reads every record). */
  async get(key: string): Promise<LensView> {
    const row = await this.find(key, true);
    // Uploads are checked, so this only fails for rows written behind the API's back: show no files then.
    const files = await readZip(row.library ?? Buffer.alloc(0), LENS_ZIP_LIMITS).catch(() => new Map<string, Buffer>());
    return { ...present(row), library: libraryToJson(files) };
  }

  async create(caller: AuthenticatedUser, form: LensFormDto, file: UploadedLibrary | undefined): Promise<LensView> {
    const meta = parseLensJson(await readLensLibrary(file));
    const ownerId = form.owner === undefined ? caller.id : await this.repo.resolveOwner(form.owner);
    const id = await this.repo.insert(
      {
        ...meta,
        name: form.name || meta.sourceName,
        description: form.description || meta.sourceDescription,
        version: form.version || meta.sourceVersion,
        isPublished: form.isPublished ?? false,
        library: (file as UploadedLibrary).buffer,
        ownerId,
      },
      caller.id,
    );
    return present(await this.find(id));
  }

  /** PUT: a new library (checked, lens.json not re-read) and fields; missing ones fall back to lens.json's, isPublished to false. */
  async replace(
    caller: AuthenticatedUser,
    key: string,
    form: LensFormDto,
    file: UploadedLibrary | undefined,
    override: boolean,
  ): Promise<LensView> {
    const existing = await this.find(key);
    if (file) await readLensLibrary(file);
    const ownerId = await nextOwnerId(caller, existing, form.owner, override, (o) => this.repo.resolveOwner(o), 'Lens');
    const isPublished = form.isPublished ?? false;
    if (existing.isPublished && !isPublished) await this.assertNotInUse(existing, 'unpublish');
    await this.repo.update(existing.id, {
      name: form.name || existing.sourceName,
      description: form.description || existing.sourceDescription,
      version: form.version || existing.sourceVersion,
      isPublished,
      ownerId,
      library: file ? file.buffer : null,
    });
    return present(await this.find(existing.id));
  }

  /** PATCH: only the fields sent change; an empty name, description or version goes back to lens.json's. */
  async patch(caller: AuthenticatedUser, key: string, body: LensPatchDto, override: boolean): Promise<LensView> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'Lens');
    const isPublished = body.isPublished ?? existing.isPublished;
    if (existing.isPublished && !isPublished) await this.assertNotInUse(existing, 'unpublish');
    await this.repo.update(existing.id, {
      name: body.name === undefined ? existing.name : body.name || existing.sourceName,
      description: body.description === undefined ? existing.description : body.description || existing.sourceDescription,
      version: body.version === undefined ? existing.version : body.version || existing.sourceVersion,
      isPublished,
      ownerId,
      library: null,
    });
    return present(await this.find(existing.id));
  }

  async remove(key: string): Promise<LensView> {
    const existing = await this.find(key);
    await this.assertNotInUse(existing, 'delete');
    // The foreign key still refuses when a perspective started using the lens meanwhile.
    if (!(await this.repo.delete(existing.id))) throw inUseError(existing, 'delete', await this.repo.perspectivesUsing(existing.id));
    return present(existing, true);
  }

  private async find(key: string, withLibrary = false): Promise<LensRow> {
    const row = await this.repo.findByKey(key, withLibrary);
    if (!row) throw new NotFoundError({ source: 'Lens', value: key });
    return row;
  }

  /** A lens drawing perspectives may be neither deleted nor unpublished (400). */
  private async assertNotInUse(lens: LensRow, action: 'delete' | 'unpublish'): Promise<void> {
    const users = await this.repo.perspectivesUsing(lens.id);
    if (users.length) throw inUseError(lens, action, users);
  }
}

function inUseError(lens: LensRow, action: 'delete' | 'unpublish', users: string[]): ValidationError {
  const message = `Cannot ${action} ${lens.name} because it is still in use by perspective(s): ${users.join(', ') || 'another perspective'}`;
  return new ValidationError({ message, description: message, source: 'Lens', value: lens.name });
}

function present(row: LensRow, deleted = false): LensView {
  return presentRecord(row, SHAPE, deleted);
}
