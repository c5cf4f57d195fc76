import { planAssignment, PlanCollector, PlanGenerator } from './assignment-plan';

const NOW = 1_000_000;
const gen = (id: string, o: Partial<PlanGenerator> = {}): PlanGenerator => ({
  id,
  name: id,
  groupId: 'g1',
  collectorId: null,
  isActive: true,
  intervalSecs: 10,
  lastSignOfLife: NOW,
  ...o,
});
const c1: PlanCollector = { id: 'c1', name: 'alpha', groupId: 'g1' };
const c2: PlanCollector = { id: 'c2', name: 'beta', groupId: 'g1' };

describe('planAssignment', () => {
  it('puts waiting generators on the least-loaded live collector, ties by name', () => {
    const plan = planAssignment([gen('a'), gen('b'), gen('c')], [c2, c1], NOW);
    expect([...plan.entries()]).toEqual([
      ['a', 'c1'],
      ['b', 'c2'],
      ['c', 'c1'],
    ]);
  });

  it('keeps a generator on its live collector and counts it in the load', () => {
    const plan = planAssignment([gen('a', { collectorId: 'c1' }), gen('b')], [c1, c2], NOW);
    expect([...plan.entries()]).toEqual([['b', 'c2']]);
  });

  it('moves generators off a collector that is no longer live, or unassigns them', () => {
    expect([...planAssignment([gen('a', { collectorId: 'c1' })], [c2], NOW).entries()]).toEqual([['a', 'c2']]);
    expect([...planAssignment([gen('a', { collectorId: 'c1' })], [], NOW).entries()]).toEqual([['a', null]]);
  });

  it('unassigns inactive generators and generators without a group', () => {
    const plan = planAssignment([gen('a', { collectorId: 'c1', isActive: false }), gen('b', { collectorId: 'c1', groupId: null })], [c1], NOW);
    expect([...plan.entries()]).toEqual([
      ['a', null],
      ['b', null],
    ]);
  });

  it('moves a generator that has not upserted for 3 intervals, when another collector is live', () => {
    const stale = gen('a', { collectorId: 'c1', lastSignOfLife: NOW - 31_000 });
    expect([...planAssignment([stale], [c1, c2], NOW).entries()]).toEqual([['a', 'c2']]);
    expect(planAssignment([stale], [c1], NOW).size).toBe(0);
    expect(planAssignment([{ ...stale, lastSignOfLife: NOW - 29_000 }], [c1, c2], NOW).size).toBe(0);
  });

  it('ignores collectors of other groups', () => {
    const plan = planAssignment([gen('a', { groupId: 'g2' })], [c1], NOW);
    expect(plan.size).toBe(0);
  });
});
