import type { DesiredGenerator, Delivery } from '../assignment.repository';

/** What a collector must be told: generators to add, to update, and names to delete. */
export interface DeliveryDiff {
  added: DesiredGenerator[];
  updated: DesiredGenerator[];
  deleted: string[];
}

/**
 * The changes between what a collector was given and what it should run. A renamed generator is
 * deleted under its old name and added under the new one (the collector keys them by name).
 */
export function deliveryDiff(delivered: readonly Delivery[], desired: readonly DesiredGenerator[]): DeliveryDiff {
  const diff: DeliveryDiff = { added: [], updated: [], deleted: [] };
  const kept = new Set<string>();
  for (const g of desired) {
    const d = delivered.find((x) => x.generatorId === g.id && x.generatorName === g.name);
    if (!d) diff.added.push(g);
    else {
      kept.add(d.generatorName);
      if (d.revision < g.revision) diff.updated.push(g);
    }
  }
  diff.deleted = delivered.map((d) => d.generatorName).filter((n) => !kept.has(n));
  // Another generator under a name the collector runs: replace it in place (the collector adds
  // before it deletes, so an add and a delete of one name would end with nothing running).
  const reused = diff.added.filter((g) => diff.deleted.includes(g.name));
  diff.added = diff.added.filter((g) => !reused.includes(g));
  diff.updated.push(...reused);
  diff.deleted = diff.deleted.filter((n) => !reused.some((g) => g.name === n));
  return diff;
}
