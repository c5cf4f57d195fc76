import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { DescribedKind, describedFields, DescribedRecordService } from '../common/described-record.service';
import { AspectRow, AspectsRepository, AspectWrite } from './aspects.repository';
import { ASPECT_LIST_SPEC } from './aspects.list';
import { AspectFieldsDto, CreateAspectDto, PatchAspectDto, PutAspectDto } from './dto/aspect-body.dto';
import { AspectResponse, presentAspect } from './aspect.presenter';
import { FeedPublisher } from '../realtime/feed/feed-publisher';
import { EMPTY_SNAPSHOT } from '../realtime/feed/feed.repository';
import { assertRangesFit, parseRange, RANGE_KEYS, Ranges, sameRanges } from './helpers/ranges';
import { nextOwnerId } from '../writers/owner-change';


const ASPECT_KIND: DescribedKind<AspectRow, AspectResponse> = { source: 'Aspect', listSpec: ASPECT_LIST_SPEC, present: presentAspect };

/** Aspects: what is measured, and the ranges that turn a value into a status (REFOCUS-REFERENCE.md §4.4). */
@Injectable()
export class AspectsService extends DescribedRecordService<AspectRow, AspectResponse> {
  constructor(
    private readonly repo: AspectsRepository,
    private readonly feed: FeedPublisher,
  ) {
    super(repo, ASPECT_KIND);
  }

  async create(caller: AuthenticatedUser, dto: CreateAspectDto): Promise<AspectResponse> {
    const write = this.merge(dto, null);
    write.ownerId = dto.owner !== undefined ? await this.repo.resolveOwner(dto.owner) : caller.id;
    const id = await this.repo.insert(write, caller.id);
    await this.feed.published(EMPTY_SNAPSHOT, { aspect: id });
    return this.present(id);
  }

  /** PUT (`put`: what is not sent is reset) or PATCH. Range changes recompute the samples' statuses; unpublishing deletes them. */
  async update(caller: AuthenticatedUser, key: string, dto: PutAspectDto | PatchAspectDto, put: boolean, override: boolean): Promise<AspectResponse> {
    const current = await this.mustFind(key);
    const write = this.merge(dto, put ? null : current);
    write.ownerId = await nextOwnerId(caller, current, dto.owner, override, (o) => this.repo.resolveOwner(o), 'Aspect');
    // The aspect and its samples: renames, re-tags and recomputed statuses reach the feed.
    await this.feed.track({ aspect: current.id }, () =>
      this.repo.update(current.id, write, {
        recomputeStatuses: !sameRanges(write, current),
        deleteSamples: current.isPublished && !write.isPublished,
      }),
    );
    return this.present(current.id);
  }

  /** DELETE /v1/aspects/{key}: its samples go with it. */
  async remove(key: string): Promise<AspectResponse> {
    const current = await this.mustFind(key);
    await this.feed.track({ aspect: current.id }, () => this.repo.delete(current.id));
    return presentAspect(current, true);
  }

  /** DELETE …/tags[/{name}], published to the realtime feed (a re-tag removes and adds). */
  override async removeTags(key: string, tag?: string): Promise<AspectResponse> {
    const current = await this.mustFind(key);
    return this.feed.track({ aspect: current.id }, () => super.removeTags(key, tag));
  }

  /** DELETE …/relatedLinks[/{name}], published to the realtime feed. */
  override async removeLinks(key: string, name?: string): Promise<AspectResponse> {
    const current = await this.mustFind(key);
    return this.feed.track({ aspect: current.id }, () => super.removeLinks(key, name));
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
      ...describedFields(dto, current),
      ownerId: current?.ownerId ?? null,
    };
  }
}
