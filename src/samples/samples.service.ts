import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { assertUniqueLinkNames } from '../common/dto/tags-and-links';
import { DuplicateResourceError, NotFoundError, ValidationError } from '../common/errors/api-errors';
import { parseListQuery, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { parseSampleName, SampleName } from '../common/sample-name';
import { ResourceKind } from '../writers/resource-kind';
import { WritersService } from '../writers/writers.service';
import { FeedPublisher } from '../realtime/feed/feed-publisher';
import { EMPTY_SNAPSHOT, FeedScope } from '../realtime/feed/feed.repository';
import { CreateSampleDto, UpdateSampleDto, UpsertSampleDto } from './dto/sample.dto';
import { SampleResponse, SampleRow, sampleView } from './sample.presenter';
import { SAMPLE_LIST_SPEC } from './samples.list';
import type { UpsertRow } from './helpers/sample-upsert-sql';
import { AspectRef, SamplesRepository, SubjectRef } from './samples.repository';
import { computeStatus, StatusRanges } from './status';

function rangesOf(r: SampleRow): StatusRanges {
  return { criticalRange: r.a_critical_range, warningRange: r.a_warning_range, infoRange: r.a_info_range, okRange: r.a_ok_range };
}

/** The realtime feed's scope of one sample's write. */
function scopeOf(r: SampleRow): FeedScope {
  return { sample: { subjectId: r.subject_id, aspectId: r.aspect_id } };
}

function notPublished(kind: 'Subject' | 'Aspect', value: string): NotFoundError {
  return new NotFoundError({ message: `${kind} not found or has isPublished=false`, source: kind, value });
}

/** Samples: reads, single writes (the bulk upsert is BulkUpsertService). */
@Injectable()
export class SamplesService {
  constructor(
    private readonly repo: SamplesRepository,
    private readonly writers: WritersService,
    private readonly feed: FeedPublisher,
  ) {}

  async list(query: Record<string, unknown>): Promise<ListPage<Partial<SampleResponse>>> {
    const q = parseListQuery(query, SAMPLE_LIST_SPEC);
    const fields = q.fields ? [...q.fields.filter((f) => f !== 'id'), 'name'] : null;
    const { rows, total } = await this.repo.list(q);
    const items = rows.map((r) => pickFields(sampleView(r), fields));
    return new ListPage(items, total, q.limit, q.offset);
  }

  async get(key: string): Promise<SampleResponse> {
    return sampleView(await this.find(key));
  }

  /** `POST /v1/samples`: 201; existing sample → 409; unknown or unpublished subject/aspect → 404. */
  async create(caller: AuthenticatedUser, dto: CreateSampleDto, override: boolean): Promise<SampleResponse> {
    assertUniqueLinkNames(dto.relatedLinks, 'Sample');
    const { subject, aspect } = await this.repo.subjectAndAspectById(dto.subjectId, dto.aspectId);
    if (!subject?.isPublished) throw notPublished('Subject', dto.subjectId);
    if (!aspect?.isPublished) throw notPublished('Aspect', dto.aspectId);
    this.assertMayWrite(caller, aspect, override);
    const value = dto.value ?? '';
    const row = this.row(subject, aspect, { ...dto, value });
    if (!(await this.repo.insertNew(row, caller.id))) {
      throw new DuplicateResourceError({ message: 'Sample already exists', source: 'Sample', value: `${subject.absolutePath}|${aspect.name}` });
    }
    await this.feed.published(EMPTY_SNAPSHOT, { sample: { subjectId: subject.id, aspectId: aspect.id } });
    return this.view(subject.id, aspect.id);
  }

  /** `POST /v1/samples/upsert`: creates or updates by name through the bulk upsert's SQL. */
  async upsert(caller: AuthenticatedUser, dto: UpsertSampleDto, override: boolean): Promise<SampleResponse> {
    const name = parseSampleName(dto.name);
    if (!name) {
      throw new ValidationError({ message: 'Invalid sample name: expected subjectAbsolutePath|aspectName', source: 'Sample', value: dto.name });
    }
    assertUniqueLinkNames(dto.relatedLinks, 'Sample');
    const { subject, aspect } = await this.resolveByName(name);
    this.assertMayWrite(caller, aspect, override);
    const upserted = await this.repo.upsertMany([this.row(subject, aspect, dto)], caller.id);
    void this.feed.upserted(upserted, { subjects: new Map([[subject.id, subject]]), aspects: new Map([[aspect.id, aspect.view]]) });
    return this.view(subject.id, aspect.id);
  }

  /** PUT: value defaults to "", relatedLinks to [], messageCode/messageBody to none. Writers checked by the guard. */
  async replace(key: string, dto: UpdateSampleDto): Promise<SampleResponse> {
    assertUniqueLinkNames(dto.relatedLinks, 'Sample');
    const current = await this.find(key);
    const value = dto.value ?? '';
    await this.feed.track(scopeOf(current), () => this.repo.update(current.subject_id, current.aspect_id, {
      value,
      status: computeStatus(value, rangesOf(current)),
      messageCode: dto.messageCode ?? null,
      messageBody: dto.messageBody ?? null,
      relatedLinks: dto.relatedLinks ?? [],
    }));
    return this.view(current.subject_id, current.aspect_id);
  }

  /** PATCH: only what is sent changes; a sent value recomputes the status. */
  async patch(key: string, dto: UpdateSampleDto): Promise<SampleResponse> {
    assertUniqueLinkNames(dto.relatedLinks, 'Sample');
    const current = await this.find(key);
    await this.feed.track(scopeOf(current), () => this.repo.update(current.subject_id, current.aspect_id, {
      ...(dto.value !== undefined && dto.value !== null ? { value: dto.value, status: computeStatus(dto.value, rangesOf(current)) } : {}),
      ...(dto.messageCode !== undefined ? { messageCode: dto.messageCode } : {}),
      ...(dto.messageBody !== undefined ? { messageBody: dto.messageBody } : {}),
      ...(dto.relatedLinks ? { relatedLinks: dto.relatedLinks } : {}),
    }));
    return this.view(current.subject_id, current.aspect_id);
  }

  /** DELETE: 200 with the deleted sample (apiLinks: POST only). */
  async remove(key: string): Promise<SampleResponse> {
    const current = await this.find(key);
    await this.feed.track(scopeOf(current), () => this.repo.delete(current.subject_id, current.aspect_id));
    return sampleView(current, true);
  }

  /** Deletes one related link (by name) or all of them; 200 with the sample. */
  async removeLinks(key: string, linkName?: string): Promise<SampleResponse> {
    const current = await this.find(key);
    const links = linkName === undefined ? [] : (current.related_links ?? []).filter((l) => l.name !== linkName);
    await this.feed.track(scopeOf(current), () => this.repo.update(current.subject_id, current.aspect_id, { relatedLinks: links }));
    return this.view(current.subject_id, current.aspect_id);
  }

  /** The sample named by a path key (exact, ignoring case), or 404. */
  private async find(key: string): Promise<SampleRow> {
    const name = parseSampleName(key);
    if (!name) throw new NotFoundError({ message: 'Invalid sample name', source: 'Sample', value: key });
    const row = await this.repo.findByName(name.subjectPath, name.aspectName);
    if (!row) throw new NotFoundError({ message: 'Sample not found', source: 'Sample', value: key });
    return row;
  }

  private async view(subjectId: string, aspectId: string): Promise<SampleResponse> {
    const row = await this.repo.findByIds(subjectId, aspectId);
    if (!row) throw new NotFoundError({ message: 'Sample not found', source: 'Sample' });
    return sampleView(row);
  }

  private async resolveByName(name: SampleName): Promise<{ subject: SubjectRef; aspect: AspectRef }> {
    const [subjects, aspects] = await Promise.all([
      this.repo.subjectsByPath([name.subjectPath]),
      this.repo.aspectsByName([name.aspectName]),
    ]);
    const subject = subjects.get(name.subjectPath.toLowerCase());
    const aspect = aspects.get(name.aspectName.toLowerCase());
    if (!subject?.isPublished) throw notPublished('Subject', name.subjectPath);
    if (!aspect?.isPublished) throw notPublished('Aspect', name.aspectName);
    return { subject, aspect };
  }

  /** The writers policy for a sample of `aspect`, from the writers its look-up brought (no query); 403 when refused. */
  private assertMayWrite(caller: AuthenticatedUser, aspect: AspectRef, override: boolean): void {
    this.writers.assertTarget(ResourceKind.Sample, { id: aspect.id, name: aspect.name, writerIds: aspect.writerIds }, caller, override);
  }

  private row(subject: SubjectRef, aspect: AspectRef, dto: UpdateSampleDto): UpsertRow {
    const value = dto.value ?? null;
    return {
      subjectId: subject.id,
      aspectId: aspect.id,
      value,
      status: value === null ? null : computeStatus(value, aspect.ranges),
      messageCode: dto.messageCode ?? null,
      messageBody: dto.messageBody ?? null,
      relatedLinks: dto.relatedLinks ? dto.relatedLinks.map((l) => ({ name: l.name, url: l.url })) : null,
    };
  }
}
