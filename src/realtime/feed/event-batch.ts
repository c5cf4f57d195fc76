import type { FeedEvent } from './feed-types';
import { payloadJson, quotedPayloadJson } from './subscription';

/** socket.io's EVENT packet type and Engine.IO's MESSAGE packet type (the same in Engine.IO v3 and v4). */
const SOCKET_IO_EVENT = '2';
const ENGINE_IO_MESSAGE = '4';

/**
 * One unmasked, unfragmented websocket text frame (RFC 6455 §5.2) carrying `text`: what the
 * server side of a websocket writes for one Engine.IO packet.
 */
export function websocketTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(headerBytes(length) + length);
  frame.write(text, writeHeader(frame, 0, length), 'utf8');
  return frame;
}

/**
 * The Engine.IO message of one event as socket.io encodes it for namespace `nsp`: `4` (message),
 * `2` (event), `/nsp,` and the JSON array `[name, data]`, data being the original's JSON string.
 */
export function engineMessage(nsp: string, name: string, data: string): string {
  return `${ENGINE_IO_MESSAGE}${SOCKET_IO_EVENT}${nsp && nsp !== '/' ? `${nsp},` : ''}${JSON.stringify([name, data])}`;
}

/** The bytes of a websocket frame's header for a payload of `length` bytes. */
function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** Writes the header of a text frame of `length` payload bytes at `at`; returns where the payload starts. */
function writeHeader(out: Buffer, at: number, length: number): number {
  out[at] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    out[at + 1] = length;
    return at + 2;
  }
  if (length < 65536) {
    out[at + 1] = 126;
    out.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  out[at + 1] = 127;
  out.writeUInt32BE(Math.floor(length / 2 ** 32), at + 2);
  out.writeUInt32BE(length >>> 0, at + 6);
  return at + 10;
}

/**
 * What comes before an event's escaped payload in its Engine.IO message, by namespace and
 * name: `42/nsp,["<name>","{\"<name>\":` (engineMessage up to the payload).
 */
const prefixes = new Map<string, Buffer>();

function messagePrefix(nsp: string, name: string): Buffer {
  const key = `${nsp}\n${name}`;
  let prefix = prefixes.get(key);
  if (!prefix) {
    const message = engineMessage(nsp, name, `{${JSON.stringify(name)}:`);
    // engineMessage ends with the data's closing quote and the array's bracket: `"]`
    prefixes.set(key, (prefix = Buffer.from(message.slice(0, -2))));
  }
  return prefix;
}

/** The Engine.IO message of `e` ends with these after its escaped payload: the wire object's `}`, the string's `"`, the array's `]`. */
const MESSAGE_END = Buffer.from('}"]');

/**
 * The events one bus message means to one view (one subscription key), in delivery order, and
 * their encodings, each built once and shared by every connection of the view: the websocket
 * frames of all of them in one Buffer (written as is to each websocket connection's TCP
 * socket), and the SSE text of all of them.
 */
export class EventBatch {
  private frames?: { nsp: string; buffer: Buffer };
  private sse?: Buffer;

  constructor(readonly events: readonly FeedEvent[]) {}

  /**
   * Every event as a websocket text frame carrying its Engine.IO message, one after the other,
   * written straight into one Buffer: each frame is the constant prefix of its name, the
   * payload's JSON as a JSON string without its quotes (quotedPayloadJson, built once per event
   * and shared by every view), and `}"]`. No per-event message string or frame Buffer.
   */
  websocketFrames(nsp: string): Buffer {
    if (this.frames?.nsp === nsp) return this.frames.buffer;
    const n = this.events.length;
    const quoted = new Array<string>(n);
    const prefix = new Array<Buffer>(n);
    const lengths = new Array<number>(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const e = this.events[i];
      quoted[i] = quotedPayloadJson(e);
      prefix[i] = messagePrefix(nsp, e.name);
      // the quoted payload's two quotes are not written; `}"]` is
      const length = prefix[i].length + Buffer.byteLength(quoted[i]) - 2 + MESSAGE_END.length;
      lengths[i] = length;
      total += headerBytes(length) + length;
    }
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      at = writeHeader(out, at, lengths[i]);
      at += prefix[i].copy(out, at);
      // the quoted payload over the prefix's last byte would move it: write it one byte early and restore that byte
      const last = out[at - 1];
      const written = out.write(quoted[i], at - 1, 'utf8');
      out[at - 1] = last;
      at += written - 2;
      at += MESSAGE_END.copy(out, at);
    }
    this.frames = { nsp, buffer: out };
    return out;
  }

  /**
   * Every event as an SSE message (`event:` and `data:` lines), in one Buffer (off the heap:
   * a whole-tree view's message is about a megabyte) written from each payload's JSON and a
   * constant head per event name.
   */
  sseBytes(): Buffer {
    if (this.sse) return this.sse;
    const n = this.events.length;
    const heads = new Array<Buffer>(n);
    const data = new Array<string>(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      heads[i] = sseHead(this.events[i].name);
      data[i] = payloadJson(this.events[i]);
      total += heads[i].length + Buffer.byteLength(data[i]) + SSE_END.length;
    }
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      at += heads[i].copy(out, at);
      at += out.write(data[i], at, 'utf8');
      at += SSE_END.copy(out, at);
    }
    return (this.sse = out);
  }
}

/** `event: <name>\ndata: `, by event name. */
const sseHeads = new Map<string, Buffer>();

function sseHead(name: string): Buffer {
  let head = sseHeads.get(name);
  if (!head) sseHeads.set(name, (head = Buffer.from(`event: ${name}\ndata: `)));
  return head;
}

const SSE_END = Buffer.from('\n\n');

/** One SSE message. */
export function sseMessage(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}
