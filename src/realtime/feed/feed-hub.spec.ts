import type { AppConfig } from '../../config/app-config';
import { MemoryTransport, RealtimeBus } from '../realtime-bus';
import { FeedHub, PRESENCE_MS } from './feed-hub';
import { FEED_PRESENCE_TOPIC } from './feed-types';
import type { Subscription } from './subscription';

const config = { realtimeQueueMax: 100 } as AppConfig;
const sub = { root: 'Fleet', filters: {} } as unknown as Subscription;
const sink = { ready: () => true, send: () => undefined, onDrain: () => undefined };

async function hubOnBus(): Promise<{ hub: FeedHub; bus: RealtimeBus; presence: unknown[] }> {
  const bus = new RealtimeBus(new MemoryTransport());
  await bus.start();
  const hub = new FeedHub(bus, config);
  hub.onModuleInit();
  const presence: unknown[] = [];
  bus.subscribe(FEED_PRESENCE_TOPIC, (m) => presence.push(m));
  return { hub, bus, presence };
}

describe('FeedHub audience: writers publish only while some process has a feed connection', () => {
  afterEach(() => jest.useRealTimers());

  it('has no audience without connections, and one while a connection is open', async () => {
    const { hub } = await hubOnBus();
    expect(hub.hasAudience).toBe(false);
    await hub.announce();
    const remove = hub.register(sub, sink, () => undefined);
    expect(hub.hasAudience).toBe(true);
    remove();
    expect(hub.hasAudience).toBe(false);
  });

  it('announces itself before a connection listens, and the announcement comes back through the bus', async () => {
    const { hub, presence } = await hubOnBus();
    await hub.announce();
    expect(presence).toHaveLength(1);
    expect(presence[0]).toEqual({ id: expect.any(String) });
    await hub.announce(); // already announced: no second message
    expect(presence).toHaveLength(1);
  });

  it('hears other processes announce, and forgets them 3 × PRESENCE_MS after the last announcement', async () => {
    const { hub, bus } = await hubOnBus();
    jest.useFakeTimers({ now: 1_000_000, doNotFake: ['queueMicrotask', 'nextTick'] });
    await bus.publish(FEED_PRESENCE_TOPIC, { id: 'another-process' });
    await Promise.resolve();
    expect(hub.hasAudience).toBe(true);
    jest.setSystemTime(1_000_000 + 3 * PRESENCE_MS - 1);
    expect(hub.hasAudience).toBe(true);
    jest.setSystemTime(1_000_000 + 3 * PRESENCE_MS + 1);
    expect(hub.hasAudience).toBe(false);
  });
});
