import { Injectable } from '@nestjs/common';
import { AspectsService } from '../../aspects/aspects.service';
import { LensesService } from '../../lenses/lenses.service';
import { PerspectivesService } from '../../perspectives/perspectives.service';
import { HierarchyNode, parseHierarchyFilter, passes } from '../../subjects/hierarchy';
import { SubjectsService } from '../../subjects/subjects.service';

type Record_ = Record<string, unknown>;

/** The perspective's filters as the hierarchy endpoint's query: `aspect=a,b` (include) or `-a,-b` (exclude). */
export function filterQuery(p: Record_): Record<string, string> {
  const query: Record<string, string> = {};
  const pairs: [string, string][] = [['aspect', 'aspectFilter'], ['aspectTags', 'aspectTagFilter'], ['subjectTags', 'subjectTagFilter'], ['status', 'statusFilter']];
  for (const [param, field] of pairs) {
    const values = (p[field] as string[] | undefined) ?? [];
    if (!values.length) continue;
    const exclude = p[`${field}Type`] !== 'INCLUDE';
    query[param] = values.map((v) => (exclude ? `-${v}` : v)).join(',');
  }
  return query;
}

/**
 * What the perspective page loads with the viewer's session (the frame never calls anything):
 * the hierarchy with the perspective's filters plus the published aspects those filters keep,
 * and the lens's library.
 */
@Injectable()
export class PerspectiveDataService {
  constructor(
    private readonly perspectives: PerspectivesService,
    private readonly subjects: SubjectsService,
    private readonly aspects: AspectsService,
    private readonly lenses: LensesService,
  ) {}

  async hierarchy(name: string): Promise<{ hierarchy: HierarchyNode; aspects: Record_[] }> {
    const p = await this.perspectives.get(name);
    const query = filterQuery(p);
    const [hierarchy, aspects] = await Promise.all([
      this.subjects.hierarchy(String(p.rootSubject), query),
      this.aspects.list({ isPublished: 'true', sort: 'name' }),
    ]);
    const byName = parseHierarchyFilter('aspect', query.aspect);
    const byTag = parseHierarchyFilter('aspectTags', query.aspectTags);
    const kept = (aspects.items as Record_[]).filter((a) => passes(byName, [String(a.name)]) && passes(byTag, (a.tags as string[]) ?? []));
    return { hierarchy, aspects: kept };
  }

  async lens(name: string): Promise<Record_> {
    const p = await this.perspectives.get(name);
    const lens = await this.lenses.get(String((p.lens as { id: string }).id));
    const library = lens.library as Record<string, string> | undefined;
    return {
      id: lens.id,
      name: lens.name,
      lensEventApiVersion: lens.lensEventApiVersion ?? 1,
      realtimeEventThrottleMs: ownThrottle(library?.['lens.json']),
      library,
    };
  }
}

/**
 * The interval between realtime batches a lens asks for in its lens.json
 * (`realtimeEventThrottleMs`, 0–60000 ms; LIVE.md §3), or undefined: then the page's
 * REALTIME_EVENT_THROTTLE_MS applies, as it does to every lens written for the original.
 */
export function ownThrottle(lensJson: string | undefined): number | undefined {
  if (typeof lensJson !== 'string') return undefined;
  try {
    const value = (JSON.parse(lensJson) as { realtimeEventThrottleMs?: unknown }).realtimeEventThrottleMs;
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 60000 ? (value as number) : undefined;
  } catch {
    return undefined;
  }
}
