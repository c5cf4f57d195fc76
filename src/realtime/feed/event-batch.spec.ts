import { Server } from 'socket.io';
import { EventBatch, websocketTextFrame } from './event-batch';
import type { FeedEvent, FeedEventName } from './feed-types';
import { wireData } from './subscription';

/** What socket.io itself writes for an event to a websocket client: the adapter's broadcast encoding and its pre-encoded frame. */
function socketIoFrame(io: Server, nsp: string, name: string, data: string): Buffer {
  const adapter = io.of(nsp).adapter as unknown as { _encode(packet: unknown, opts: Record<string, unknown>): unknown };
  const opts: Record<string, unknown> = {};
  adapter._encode({ type: 2, data: [name, data], nsp }, opts);
  return Buffer.concat(opts.wsPreEncodedFrame as Buffer[]);
}

function event(name: string, payload: unknown): FeedEvent {
  return { name: `refocus.internal.realtime.${name}` as FeedEventName, payload, source: { payload } };
}

describe('EventBatch', () => {
  // Not attached to an HTTP server: nothing to close.
  const io = new Server();

  it.each([
    ['short ASCII', 'x'],
    ['non-ASCII and quotes', 'é "quoted" \\ 😀 \u2028'],
    ['125-byte boundary', 'a'.repeat(60)],
    ['16-bit length', 'b'.repeat(1000)],
    ['16-bit length upper boundary', 'c'.repeat(65_400)],
    ['64-bit length', 'd'.repeat(70_000)],
  ])('encodes each event exactly as socket.io does (%s)', (_label, body) => {
    const e = event('sample.add', { name: 'Fleet.A|cpu', messageBody: body });
    const expected = socketIoFrame(io, '/perspectives', e.name, wireData(e));
    expect(new EventBatch([e]).websocketFrames('/perspectives').equals(expected)).toBe(true);
  });

  it('writes the events of a batch as consecutive frames, in order, built once', () => {
    const events = [event('sample.remove', { name: 'A|x' }), event('subject.add', { absolutePath: 'A' }), event('sample.update', { new: { name: 'A|y' } })];
    const batch = new EventBatch(events);
    const frames = batch.websocketFrames('/perspectives');
    expect(frames.equals(Buffer.concat(events.map((e) => socketIoFrame(io, '/perspectives', e.name, wireData(e)))))).toBe(true);
    expect(batch.websocketFrames('/perspectives')).toBe(frames);
    // the root namespace has no `/nsp,` part
    expect(new EventBatch([events[0]]).websocketFrames('/').equals(socketIoFrame(io, '/', events[0].name, wireData(events[0])))).toBe(true);
  });

  it('gives the SSE text of every event, in order', () => {
    const batch = new EventBatch([event('sample.add', { name: 'A|x' }), event('sample.nochange', { name: 'A|é"' })]);
    expect(batch.sseBytes().toString('utf8')).toBe(
      'event: refocus.internal.realtime.sample.add\ndata: {"name":"A|x"}\n\n' + 'event: refocus.internal.realtime.sample.nochange\ndata: {"name":"A|é\\""}\n\n',
    );
  });

  it('frames lengths at the boundaries of the header forms', () => {
    expect([...websocketTextFrame('a'.repeat(125)).subarray(0, 2)]).toEqual([0x81, 125]);
    expect([...websocketTextFrame('a'.repeat(126)).subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
    expect([...websocketTextFrame('a'.repeat(65_535)).subarray(0, 4)]).toEqual([0x81, 126, 0xff, 0xff]);
    expect([...websocketTextFrame('a'.repeat(65_536)).subarray(0, 10)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });
});
