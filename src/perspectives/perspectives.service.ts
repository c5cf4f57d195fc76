import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError } from '../common/errors/api-errors';
import { listRecords, parseFields, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { Presented, presentRecord, RecordShape } from '../common/presenter';
import type { PerspectiveBodyDto, PerspectivePatchDto } from './dto/perspective-body.dto';
import { nextOwnerId } from '../writers/owner-change';
import { assertFiltersConsistent } from './helpers/perspective-filters';
import { PERSPECTIVE_LIST_SPEC } from './perspectives.list';
import { PerspectiveRow, PerspectivesRepository, PerspectiveValues } from './perspectives.repository';

const SHAPE: RecordShape<'lensId' | 'ownerId'> = { collection: '/v1/perspectives', noun: 'perspective', hidden: ['lensId', 'ownerId'] };

/** A perspective as the API answers: no lensId/ownerId, nulls omitted, apiLinks added. */
export type PerspectiveView = Presented<PerspectiveRow, 'lensId' | 'ownerId'>;

/** Perspectives: CRUD with the filter rules, the owner rules and the embedded lens. */
@Injectable()
export class PerspectivesService {
  constructor(private readonly repo: PerspectivesRepository) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<PerspectiveView>>> {
    return listRecords(query, PERSPECTIVE_LIST_SPEC, (q) => this.repo.list(q), present);
  }


  /** One perspective; `?fields=` picks fields as the list does (id and apiLinks always come back). */
  async get(key: string, query: Record<string, unknown> = {}): Promise<Partial<PerspectiveView>> {
    const fields = parseFields(query.fields, PERSPECTIVE_LIST_SPEC);
    return pickFields(present(await this.find(key)), fields);
  }

  async create(caller: AuthenticatedUser, body: PerspectiveBodyDto): Promise<PerspectiveView> {
    const ownerId = body.owner === undefined ? caller.id : await this.repo.resolveOwner(body.owner);
    const values = whole(body, ownerId);
    assertFiltersConsistent(values);
    const id = await this.repo.insert(values, caller.id);
    return present(await this.find(id));
  }

  /** PUT: every writable field missing from the body goes back to its default; the owner is kept. */
  async replace(
    caller: AuthenticatedUser,
    key: string,
    body: PerspectiveBodyDto,
    override: boolean,
  ): Promise<PerspectiveView> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'Perspective');
    const values = whole(body, ownerId);
    assertFiltersConsistent(values);
    await this.repo.update(existing.id, values);
    return present(await this.find(existing.id));
  }

  /** PATCH: the given fields replace the stored ones (arrays too); the merged record is checked. */
  async patch(
    caller: AuthenticatedUser,
    key: string,
    body: PerspectivePatchDto,
    override: boolean,
  ): Promise<PerspectiveView> {
    const existing = await this.find(key);
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'Perspective');
    const given = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'owner'));
    const values: PerspectiveValues = { ...valuesOf(existing), ...given, ownerId };
    assertFiltersConsistent(values);
    await this.repo.update(existing.id, values);
    return present(await this.find(existing.id));
  }

  async remove(key: string): Promise<PerspectiveView> {
    const existing = await this.find(key);
    await this.repo.delete(existing.id);
    return present(existing, true);
  }

  private async find(key: string): Promise<PerspectiveRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Perspective', value: key });
    return row;
  }
}

function whole(body: PerspectiveBodyDto, ownerId: string | null): PerspectiveValues {
  // Whatever the body leaves out gets its default (REFOCUS-REFERENCE.md §4.6).
  return {
    aspectFilter: body.aspectFilter ?? [],
    aspectFilterType: body.aspectFilterType ?? 'EXCLUDE',
    aspectTagFilter: body.aspectTagFilter ?? [],
    aspectTagFilterType: body.aspectTagFilterType ?? 'EXCLUDE',
    subjectTagFilter: body.subjectTagFilter ?? [],
    subjectTagFilterType: body.subjectTagFilterType ?? 'EXCLUDE',
    statusFilter: body.statusFilter ?? [],
    statusFilterType: body.statusFilterType ?? 'EXCLUDE',
    name: body.name,
    rootSubject: body.rootSubject,
    lensId: body.lensId,
    ownerId,
  };
}

function valuesOf(row: PerspectiveRow): PerspectiveValues {
  const { name, rootSubject, lensId, ownerId } = row;
  return {
    name,
    rootSubject,
    lensId,
    ownerId,
    aspectFilter: row.aspectFilter,
    aspectFilterType: row.aspectFilterType,
    aspectTagFilter: row.aspectTagFilter,
    aspectTagFilterType: row.aspectTagFilterType,
    subjectTagFilter: row.subjectTagFilter,
    subjectTagFilterType: row.subjectTagFilterType,
    statusFilter: row.statusFilter,
    statusFilterType: row.statusFilterType,
  };
}

function present(row: PerspectiveRow, deleted = false): PerspectiveView {
  return presentRecord(row, SHAPE, deleted);
}
