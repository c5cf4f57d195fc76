import { parseHierarchyFilters } from '../../subjects/hierarchy';
import { ConnectionQueue, EventSink } from './connection-queue';
import type { FeedChange, FeedEvent } from './feed-types';
import { eventsFor, underRoot, wireData } from './subscription';

const sample = (path: string, aspect: string, status: string, extra: Record<string, unknown> = {}) => ({
  name: `${path}|${aspect}`,
  status,
  updatedAt: 't',
  absolutePath: path,
  subject: { absolutePath: path, tags: [] as string[] },
  aspect: { name: aspect, tags: [] as string[], timeout: '1m' },
  ...extra,
});
const names = (evs: FeedEvent[]) => evs.map((e) => e.name.replace('refocus.internal.realtime.', ''));

describe('subscription: the hierarchy view per subscriber', () => {
  const sub = (q: Record<string, string>) => ({ root: 'A', filters: parseHierarchyFilters(q) });

  it('matches the root by whole path segments, ignoring case', () => {
    expect(underRoot('A', 'a')).toBe(true);
    expect(underRoot('A', 'A.B')).toBe(true);
    expect(underRoot('A', 'AB')).toBe(false);
    expect(underRoot('A.B', 'A')).toBe(false);
  });

  it('add / update / remove / nochange from before and after', () => {
    const s = sub({});
    const a = sample('A.x', 'cpu', 'OK');
    const b = sample('A.x', 'cpu', 'Critical');
    expect(names(eventsFor(s, [{ k: 'sample', before: null, after: a }]))).toEqual(['sample.add']);
    expect(names(eventsFor(s, [{ k: 'sample', before: a, after: b }]))).toEqual(['sample.update']);
    expect(names(eventsFor(s, [{ k: 'sample', before: b, after: null }]))).toEqual(['sample.remove']);
    expect(eventsFor(s, [{ k: 'sample', before: b, after: b, nochange: true }])[0].payload).toEqual({ name: 'A.x|cpu', updatedAt: 't', aspect: { name: 'cpu', timeout: '1m' } });
    expect(eventsFor(s, [{ k: 'sample', before: null, after: sample('AB', 'cpu', 'OK') }])).toEqual([]);
  });

  it('a status filter turns updates into add and remove as samples enter and leave the view', () => {
    const s = sub({ status: 'Critical' });
    const ok = sample('A.x', 'cpu', 'OK');
    const crit = sample('A.x', 'cpu', 'Critical');
    expect(names(eventsFor(s, [{ k: 'sample', before: ok, after: crit }]))).toEqual(['sample.add']);
    expect(names(eventsFor(s, [{ k: 'sample', before: crit, after: ok }]))).toEqual(['sample.remove']);
    expect(eventsFor(s, [{ k: 'sample', before: ok, after: ok }])).toEqual([]);
  });

  it('aspect and aspectTags filters, include and exclude, ignoring case', () => {
    const tagged = sample('A.x', 'CPU', 'OK', { aspect: { name: 'CPU', tags: ['Compute'], timeout: '1m' } });
    expect(eventsFor(sub({ aspect: 'cpu' }), [{ k: 'sample', before: null, after: tagged }])).toHaveLength(1);
    expect(eventsFor(sub({ aspect: '-cpu' }), [{ k: 'sample', before: null, after: tagged }])).toHaveLength(0);
    expect(eventsFor(sub({ aspectTags: 'compute' }), [{ k: 'sample', before: null, after: tagged }])).toHaveLength(1);
    expect(eventsFor(sub({ aspectTags: '-compute' }), [{ k: 'sample', before: null, after: tagged }])).toHaveLength(0);
  });

  it('a rename is remove then add; removals come first in a message', () => {
    const changes: FeedChange[] = [
      { k: 'subject', before: { absolutePath: 'A.x', tags: [] }, after: { absolutePath: 'A.y', tags: [] } },
      { k: 'sample', before: sample('A.x', 'cpu', 'OK'), after: sample('A.y', 'cpu', 'OK') },
    ];
    expect(names(eventsFor(sub({}), changes))).toEqual(['sample.remove', 'subject.remove', 'subject.add', 'sample.add']);
  });

  it('serializes an event once for every connection', () => {
    const after = sample('A.x', 'cpu', 'OK');
    const [e1] = eventsFor(sub({}), [{ k: 'sample', before: null, after }]);
    const [e2] = eventsFor(sub({ aspect: 'cpu' }), [{ k: 'sample', before: null, after }]);
    expect(wireData(e1)).toBe(wireData(e2));
    expect(JSON.parse(wireData(e1))).toEqual({ 'refocus.internal.realtime.sample.add': after });
  });
});

describe('ConnectionQueue', () => {
  const event = (i: number): FeedEvent => ({ name: 'refocus.internal.realtime.sample.add', payload: { i } });

  it('holds at most max events while the client does not read, then sends resync first', () => {
    let ready = false;
    let drain = () => undefined as void;
    const sent: string[] = [];
    const sink: EventSink = { ready: () => ready, send: (name) => sent.push(name), onDrain: (f) => (drain = f) };
    let drops = 0;
    const q = new ConnectionQueue(sink, 3, () => drops++);
    q.push([event(1), event(2)]);
    expect(q.size).toBe(2);
    q.push([event(3), event(4)]);
    expect(q.size).toBe(0);
    expect(drops).toBe(1);
    q.push([event(5)]);
    expect(q.size).toBe(0); // still behind: dropped until it has had its resync
    ready = true;
    drain();
    expect(sent).toEqual(['refocus.internal.realtime.resync']);
    q.push([event(6)]);
    expect(sent).toHaveLength(2);
  });
});
