import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { parseFields, parseListQuery, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { mergeLinks, unionTags, withoutLink, withoutTag } from '../common/tag-link-ops';
import { canChangeOwner, parseOverride } from '../writers/policy';
import { AspectRow, AspectsRepository, AspectWrite, ASPECT_LIST_SPEC } from './aspects.repository';
import { AspectFieldsDto, CreateAspectDto, PatchAspectDto, PutAspectDto } from './dto/aspect-body.dto';
import { presentAspect } from './helpers/aspect-presenter';
import { assertRangesFit, parseRange, RANGE_KEYS, Ranges, sameRanges } from './helpers/ranges';

type QueryParams = Record<string, unknown>;
type Aspect = Record<string, unknown>;

/** Aspects: what is measured, and the ranges that turn a value into a status (reference §4.4). */
@Injectable()
export class AspectsService {
  constructor(private readonly repo: AspectsRepository) {}

  async list(_caller: AuthenticatedUser, query: QueryParams): Promise<ListPage<Partial<Aspect>>> {
    const q = parseListQuery(query, ASPECT_LIST_SPEC);
    const { rows, total } = await this.repo.list(q);
    return new ListPage(rows.map((r) => pickFields(presentAspect(r), q.fields)), total, q.limit, q.offset);
  }

  async get(_caller: AuthenticatedUser, key: string, query: QueryParams): Promise<Partial<Aspect>> {
    const fields = parseFields(query.fields, ASPECT_LIST_SPEC);
    return pickFields(presentAspect(await this.mustFind(key)), fields);
  }

  async create(caller: AuthenticatedUser, dto: CreateAspectDto): Promise<Aspect> {
    const write = this.merge(dto, null);
    write.ownerId = dto.owner !== undefined ? await this.repo.resolveOwner(dto.owner) : caller.id;
    const id = await this.repo.insert(write, caller.id);
    return this.present(id);
  }

  /** PUT (`put`: what is not sent is reset) or PATCH. Range changes recompute the samples' statuses; unpublishing deletes them. */
  async update(caller: AuthenticatedUser, key: string, dto: PutAspectDto | PatchAspectDto, put: boolean, query: QueryParams): Promise<Aspect> {
    const current = await this.mustFind(key);
    const write = this.merge(dto, put ? null : current);
    write.ownerId = await this.nextOwner(caller, current, dto.owner, query);
    await this.repo.update(current.id, write, {
      recomputeStatuses: !sameRanges(write, current),
      deleteSamples: current.isPublished && !write.isPublished,
    });
    return this.present(current.id);
  }

  /** DELETE /v1/aspects/{key}: its samples go with it. */
  async remove(_caller: AuthenticatedUser, key: string): Promise<Aspect> {
    const current = await this.mustFind(key);
    await this.repo.delete(current.id);
    return presentAspect(current, true);
  }

  async removeTags(_caller: AuthenticatedUser, key: string, tag?: string): Promise<Aspect> {
    const current = await this.mustFind(key);
    await this.repo.setTagsAndLinks(current.id, withoutTag(current.tags, tag), current.relatedLinks);
    return this.present(current.id);
  }

  async removeLinks(_caller: AuthenticatedUser, key: string, name?: string): Promise<Aspect> {
    const current = await this.mustFind(key);
    await this.repo.setTagsAndLinks(current.id, current.tags, withoutLink(current.relatedLinks, name));
    return this.present(current.id);
  }

  private async mustFind(key: string): Promise<AspectRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Aspect', value: key });
    return row;
  }

  private async present(id: string): Promise<Aspect> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError({ source: 'Aspect', value: id });
    return presentAspect(row);
  }

  /**
   * The aspect after a write: body values over `current` (PATCH) or over defaults (POST, PUT);
   * ranges parsed and checked against the resulting valueType. ownerId is set by the caller.
   */
  private merge(dto: AspectFieldsDto & { name?: string; timeout?: string }, current: AspectRow | null): AspectWrite {
    const pick = <T>(v: T | undefined, old: T | undefined, def: T): T => (v !== undefined ? v : current ? (old as T) : def);
    const ranges = {} as Ranges;
    for (const k of RANGE_KEYS) ranges[k] = dto[k] !== undefined ? parseRange(k, dto[k]) : current ? current[k] : null;
    const valueType = pick(dto.valueType, current?.valueType, 'BOOLEAN');
    assertRangesFit(valueType, ranges);
    return {
      ...ranges,
      name: pick(dto.name, current?.name, ''),
      timeout: pick(dto.timeout, current?.timeout, ''),
      valueType,
      rank: pick(dto.rank, current?.rank, null),
      valueLabel: pick(dto.valueLabel, current?.valueLabel, null),
      isPublished: pick(dto.isPublished, current?.isPublished, false),
      description: pick(dto.description, current?.description, null),
      helpEmail: pick(dto.helpEmail, current?.helpEmail, null),
      helpUrl: pick(dto.helpUrl, current?.helpUrl, null),
      imageUrl: pick(dto.imageUrl, current?.imageUrl, null),
      tags: current ? unionTags(current.tags, dto.tags ?? []) : (dto.tags ?? []),
      relatedLinks: current
        ? mergeLinks(current.relatedLinks, dto.relatedLinks ?? [])
        : (dto.relatedLinks ?? []).map((l) => ({ name: l.name, url: l.url })),
      ownerId: current?.ownerId ?? null,
    };
  }

  private async nextOwner(caller: AuthenticatedUser, current: AspectRow, owner: string | undefined, query: QueryParams): Promise<string | null> {
    if (owner === undefined) return current.ownerId;
    const ownerId = await this.repo.resolveOwner(owner);
    if (ownerId === current.ownerId) return ownerId;
    if (!canChangeOwner(caller, current.ownerId, parseOverride(query))) {
      throw new ForbiddenError({ source: 'Aspect', description: 'Only the current owner, or an admin with override=admin, may change the owner.' });
    }
    return ownerId;
  }
}
