/** A generator as the assignment sees it. */
export interface PlanGenerator {
  id: string;
  name: string;
  groupId: string | null;
  collectorId: string | null;
  isActive: boolean;
  intervalSecs: number;
  /** Last assignment or upsert, whichever is later (ms), or null. */
  lastSignOfLife: number | null;
}

/** A live (`Running`, registered) collector of a group. */
export interface PlanCollector {
  id: string;
  name: string;
  groupId: string;
}

/** Without an upsert for this many intervals, a generator moves to another collector of its group. */
export const STALE_INTERVALS = 3;

const byName = (a: { name: string }, b: { name: string }) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name);

/**
 * Where every generator should run: an active generator of a group stays on its collector while
 * that collector is live in the group and it keeps upserting; otherwise it goes to the live
 * collector of the group with the fewest generators (ties by name), or nowhere. Returns only
 * the generators whose collector changes (id → new collector id or null).
 */
export function planAssignment(gens: readonly PlanGenerator[], live: readonly PlanCollector[], now: number): Map<string, string | null> {
  const groups = new Map<string, PlanCollector[]>();
  for (const c of [...live].sort(byName)) groups.set(c.groupId, [...(groups.get(c.groupId) ?? []), c]);
  const load = new Map(live.map((c) => [c.id, 0]));
  const changes = new Map<string, string | null>();
  const pending: PlanGenerator[] = [];
  for (const g of gens) {
    const members = g.isActive && g.groupId ? (groups.get(g.groupId) ?? []) : null;
    if (!members) {
      if (g.collectorId !== null) changes.set(g.id, null);
      continue;
    }
    const onLive = members.some((c) => c.id === g.collectorId);
    const stale = onLive && isStale(g, now) && members.length > 1;
    if (onLive && !stale) load.set(g.collectorId!, (load.get(g.collectorId!) ?? 0) + 1);
    else pending.push(g);
  }
  for (const g of [...pending].sort(byName)) {
    const members = groups.get(g.groupId!) ?? [];
    const candidates = members.filter((c) => c.id !== g.collectorId || members.length === 1);
    let best: PlanCollector | undefined;
    for (const c of candidates) if (!best || load.get(c.id)! < load.get(best.id)!) best = c;
    const target = best?.id ?? null;
    if (best) load.set(best.id, load.get(best.id)! + 1);
    if (target !== g.collectorId) changes.set(g.id, target);
  }
  return changes;
}

function isStale(g: PlanGenerator, now: number): boolean {
  return g.lastSignOfLife !== null && now - g.lastSignOfLife > STALE_INTERVALS * g.intervalSecs * 1000;
}
