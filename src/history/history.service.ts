import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/api-errors';
import { parseListQuery, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { parseSampleName } from '../common/sample-name';
import { parseTimeRange } from '../common/time-range';
import { parseDepth, parseHierarchyFilter, parseHierarchyFilters } from '../subjects/hierarchy';
import { AvailabilityRecord, StatusChangeRecord, StatusTimes, toStatusChangeRecord } from './dto/history.records';
import { HISTORY_LIST_SPEC, parseWindow } from './helpers/history-filters';
import { addHierarchyFilters, HistoryRepository, HistoryScope, SampleRef, StatusSecondsRow, SubjectRef } from './history.repository';

type QueryParams = Record<string, unknown>;

/** What the perspective page's lens shows for a clicked sample. */
export interface SampleTimeline {
  name: string;
  /** The latest changes, newest first. */
  changes: Partial<StatusChangeRecord>[];
  /** Time in each status over the last 24 hours. */
  availability: AvailabilityRecord;
}

/** Changes the lens timeline shows. */
const TIMELINE_CHANGES = 20;

/** Status history and availability of samples and subtrees (issue 18); every signed-in user may read. */
@Injectable()
export class HistoryService {
  constructor(private readonly repo: HistoryRepository) {}

  /** `GET /v1/samples/{key}/history?from=&to=&status=`: newest first, paged. */
  async sampleHistory(key: string, query: QueryParams): Promise<ListPage<Partial<StatusChangeRecord>>> {
    const scope = HistoryRepository.sampleScope(await this.sample(key));
    addHierarchyFilters(scope, { status: parseHierarchyFilter('status', query.status) });
    return this.page(scope, query);
  }

  /** `GET /v1/subjects/{key}/history` with the hierarchy's filters (aspect, status, subjectTags, aspectTags, depth). */
  async subjectHistory(key: string, query: QueryParams): Promise<ListPage<Partial<StatusChangeRecord>>> {
    const scope = HistoryRepository.subtreeScope(await this.subject(key), parseDepth(query.depth));
    addHierarchyFilters(scope, parseHierarchyFilters(query));
    return this.page(scope, query);
  }

  /** `GET /v1/samples/{key}/availability?window=7d`. */
  async sampleAvailability(key: string, query: QueryParams): Promise<AvailabilityRecord> {
    const sample = await this.sample(key);
    return this.availability(sample.name, HistoryRepository.sampleScope(sample), query, false);
  }

  /** `GET /v1/subjects/{key}/availability?window=7d`: summed over the subtree's samples, and each of them. */
  async subjectAvailability(key: string, query: QueryParams): Promise<AvailabilityRecord> {
    const root = await this.subject(key);
    const scope = HistoryRepository.subtreeScope(root, parseDepth(query.depth));
    addHierarchyFilters(scope, parseHierarchyFilters(query), false);
    return this.availability(root.absolutePath, scope, query, true);
  }

  /** The perspective page's timeline of one sample: its last changes and the last 24 hours. */
  async timeline(sample: unknown): Promise<SampleTimeline> {
    const key = typeof sample === 'string' ? sample : '';
    const s = await this.sample(key);
    const { rows } = await this.repo.list(HistoryRepository.sampleScope(s), parseListQuery({ limit: String(TIMELINE_CHANGES) }, HISTORY_LIST_SPEC));
    const availability = await this.availability(s.name, HistoryRepository.sampleScope(s), { window: '24h' }, false);
    return { name: s.name, changes: rows.map(toStatusChangeRecord), availability };
  }

  private async page(scope: HistoryScope, query: QueryParams): Promise<ListPage<Partial<StatusChangeRecord>>> {
    const q = parseListQuery(query, HISTORY_LIST_SPEC);
    const { rows, total } = await this.repo.list(scope, q, parseTimeRange(query));
    return new ListPage(rows.map((r) => pickFields(toStatusChangeRecord(r), q.fields)), total, q.limit, q.offset);
  }

  private async availability(name: string, scope: HistoryScope, query: QueryParams, perSample: boolean): Promise<AvailabilityRecord> {
    const window = parseWindow(query.window);
    const to = new Date();
    const from = new Date(to.getTime() - window.seconds * 1000);
    const rows = await this.repo.secondsByStatus(scope, from, to);
    const out: AvailabilityRecord = { ...statusTimes(name, rows), window: window.text, from: from.toISOString(), to: to.toISOString() };
    if (perSample) {
      const bySample = new Map<string, StatusSecondsRow[]>();
      for (const r of rows) bySample.set(r.name, [...(bySample.get(r.name) ?? []), r]);
      out.samples = [...bySample].map(([n, rs]) => statusTimes(n, rs));
    }
    return out;
  }

  private async sample(key: string): Promise<SampleRef> {
    const name = parseSampleName(key);
    const sample = name ? await this.repo.findSample(name.subjectPath, name.aspectName) : null;
    if (!sample) throw new NotFoundError({ message: 'Sample not found', source: 'Sample', value: key });
    return sample;
  }

  private async subject(key: string): Promise<SubjectRef> {
    const subject = await this.repo.findSubject(key);
    if (!subject) throw new NotFoundError({ message: 'Subject not found', source: 'Subject', value: key });
    return subject;
  }
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Sums rows of (status, seconds) into seconds and percent per status. */
export function statusTimes(name: string, rows: readonly StatusSecondsRow[]): StatusTimes {
  const seconds: Record<string, number> = {};
  let observed = 0;
  for (const r of rows) {
    seconds[r.status] = (seconds[r.status] ?? 0) + r.seconds;
    observed += r.seconds;
  }
  const percent: Record<string, number> = {};
  for (const [status, s] of Object.entries(seconds)) {
    seconds[status] = round(s, 3);
    percent[status] = observed > 0 ? round((100 * s) / observed, 2) : 0;
  }
  return { name, seconds, percent, observedSeconds: round(observed, 3) };
}
