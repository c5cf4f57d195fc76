import type { FeedEvent } from './feed-types';
import { payloadJson, wireData } from './subscription';

/** socket.io's EVENT packet type and Engine.IO's MESSAGE packet type (the same in Engine.IO v3 and v4). */
const SOCKET_IO_EVENT = '2';
const ENGINE_IO_MESSAGE = '4';

/**
 * One unmasked, unfragmented websocket text frame (RFC 6455 §5.2) carrying `text`: what the
 * server side of a websocket writes for one Engine.IO packet.
 */
export function websocketTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header, 'utf8');
  return frame;
}

/**
 * The Engine.IO message of one event as socket.io encodes it for namespace `nsp`: `4` (message),
 * `2` (event), `/nsp,` and the JSON array `[name, data]`, data being the original's JSON string.
 */
export function engineMessage(nsp: string, name: string, data: string): string {
  return `${ENGINE_IO_MESSAGE}${SOCKET_IO_EVENT}${nsp && nsp !== '/' ? `${nsp},` : ''}${JSON.stringify([name, data])}`;
}

/** Each event's websocket frame, by namespace, shared by every view that gets the same event. */
const frameCache = new WeakMap<object, Map<string, Buffer>>();

function eventFrame(nsp: string, e: FeedEvent): Buffer {
  const build = () => websocketTextFrame(engineMessage(nsp, e.name, wireData(e)));
  if (!e.source) return build();
  let byKey = frameCache.get(e.source);
  if (!byKey) frameCache.set(e.source, (byKey = new Map()));
  const key = `${nsp}\n${e.name}`;
  let frame = byKey.get(key);
  if (!frame) byKey.set(key, (frame = build()));
  return frame;
}

/**
 * The events one bus message means to one view (one subscription key), in delivery order, and
 * their encodings, each built once and shared by every connection of the view: the websocket
 * frames of all of them in one Buffer (written as is to each websocket connection's TCP
 * socket), and the SSE text of all of them.
 */
export class EventBatch {
  private frames?: { nsp: string; buffer: Buffer };
  private sse?: string;

  constructor(readonly events: readonly FeedEvent[]) {}

  /** Every event as a websocket text frame carrying its Engine.IO message, one after the other. */
  websocketFrames(nsp: string): Buffer {
    if (this.frames?.nsp !== nsp) {
      const list = this.events.map((e) => eventFrame(nsp, e));
      this.frames = { nsp, buffer: list.length === 1 ? list[0] : Buffer.concat(list) };
    }
    return this.frames.buffer;
  }

  /** Every event as an SSE message (`event:` and `data:` lines). */
  sseText(): string {
    return (this.sse ??= this.events.map((e) => sseMessage(e.name, payloadJson(e))).join(''));
  }
}

/** One SSE message. */
export function sseMessage(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}
