import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { Receipts } from "./receipts.ts";
import { now } from "./stats.ts";

const MESSAGE = { sync: 0, awareness: 1, auth: 2 } as const;
const SYNC = { step1: 0, step2: 1, update: 2 } as const;
const AUTH = { token: 0, permissionDenied: 1, authenticated: 2 } as const;
// The provider's reconnection: at once, then exponential with jitter from 1 s, at most 30 s.
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * A reader that speaks the protocol without keeping a Y.Doc: it authenticates
 * and syncs every document like a provider, announces its presence, and for
 * each update it receives reads only which changes it carries (client,
 * clocks) to timestamp them. Readers are most of the clients in a large room;
 * simulating them with full providers makes the load generator, not the
 * server, the bottleneck. With `reconnect`, it reconnects after the server
 * goes away as a provider does.
 */
export class RawReader {
  readonly receipts = new Receipts();
  /** When every document was last synced (0 while not). */
  syncedAt = 0;
  /** Times the server closed the socket. */
  dropped = 0;
  /** The close code and reason of each such close. */
  readonly dropReasons: string[] = [];
  private ws: WebSocket | null = null;
  /** Messages received once synced, with their arrival time, read later (see `drain`). */
  private backlog: { data: Buffer; at: number }[] = [];
  private closing = false;
  private attempt = 0;
  /** Like Plenary's client, each reader addresses its documents with a session of its own (`name\0session`). */
  private readonly session = Math.random().toString(36).slice(2, 12) || "reader";

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
    private readonly docs: string[],
    private readonly presence: boolean,
    private readonly reconnect: boolean,
  ) {}

  private address(name: string): string {
    return `${name}\0${this.session}`;
  }

  /** Resolves once every document is synced; rejects if the first connection fails or is refused. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => this.open(resolve, reject));
  }

  close(): void {
    this.closing = true;
    this.ws?.terminate();
  }

  /** Asks for a document's whole state again (sync step 1 with an empty state vector). */
  requestState(name: string): void {
    this.ws?.send(
      envelope(this.address(name), MESSAGE.sync, (e) => {
        encoding.writeVarUint(e, SYNC.step1);
        encoding.writeVarUint8Array(e, new Uint8Array([0]));
      }),
    );
  }

  /** Stops reading from the socket: what the server sends piles up in its buffers. */
  pause(): void {
    this.ws?.pause();
  }

  resume(): void {
    this.ws?.resume();
  }

  /** Whether the server closes this socket within `ms` (reading what it had sent first). */
  closedWithin(ms: number): Promise<boolean> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      ws.once("close", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private open(resolve: () => void, reject: (error: Error) => void): void {
    const ws = new WebSocket(this.wsUrl);
    this.ws = ws;
    const pending = new Set(this.docs);
    const awareness = new Awareness(new Y.Doc());
    const presenceUpdate = () => {
      // With presence off, the state a provider has before anything is set: empty.
      awareness.setLocalState(this.presence ? { user: { name: "reader", color: "#1f6feb" } } : {});
      return encodeAwarenessUpdate(awareness, [awareness.clientID]);
    };
    // Like a provider's Awareness, the reader renews its presence every 15 s,
    // whether or not it has any: it is what tells the server the socket is alive.
    let renewal: NodeJS.Timeout | null = setTimeout(() => {
      renewal = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        const update = presenceUpdate();
        for (const name of this.docs)
          ws.send(envelope(this.address(name), MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, update)));
      }, 15_000);
    }, Math.random() * 15_000);
    ws.on("open", () => {
      for (const name of this.docs) {
        ws.send(
          envelope(this.address(name), MESSAGE.auth, (e) => {
            encoding.writeVarUint(e, AUTH.token);
            encoding.writeVarString(e, this.token);
          }),
        );
      }
    });
    ws.on("error", (error) => reject(error));
    ws.on("close", (code, reason) => {
      if (renewal) clearInterval(renewal);
      if (this.closing) return;
      if (!this.reconnect) reject(new Error("closed by the server"));
      if (this.syncedAt > 0) {
        this.dropped += 1;
        this.dropReasons.push(`${code} ${reason.toString()}`.trim());
      }
      this.syncedAt = 0;
      if (!this.reconnect) return;
      const delay =
        this.attempt === 0
          ? 0
          : RECONNECT_MIN_MS +
            Math.random() * (Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt) - RECONNECT_MIN_MS);
      this.attempt += 1;
      setTimeout(() => this.open(resolve, reject), delay);
    });
    ws.on("message", (data: Buffer) => {
      const at = now();
      // Once synced, only the arrival time is taken now: decoding every update
      // during the run would make the load processes, not the server, the bottleneck.
      if (this.syncedAt > 0) {
        this.backlog.push({ data, at });
        return;
      }
      this.read(ws, data, at, pending, presenceUpdate, resolve, reject);
    });
  }

  /** Reads the messages received since the last call, recording the changes they carried. */
  drain(): void {
    const backlog = this.backlog;
    this.backlog = [];
    for (const { data, at } of backlog) {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== MESSAGE.sync) continue;
      if (decoding.readVarUint(decoder) !== SYNC.update) continue;
      const meta = Y.parseUpdateMeta(decoding.readVarUint8Array(decoder));
      for (const [client, to] of meta.to) this.receipts.record(client, meta.from.get(client) ?? 0, to, at);
    }
  }

  private read(
    ws: WebSocket,
    data: Buffer,
    at: number,
    pending: Set<string>,
    presenceUpdate: () => Uint8Array,
    resolve: () => void,
    reject: (error: Error) => void,
  ): void {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const address = decoding.readVarString(decoder);
    const name = address.split("\0")[0] ?? address;
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE.auth) {
      const authType = decoding.readVarUint(decoder);
      if (authType === AUTH.permissionDenied) reject(new Error(`refused ${name}`));
      if (authType !== AUTH.authenticated) return;
      ws.send(
        envelope(this.address(name), MESSAGE.sync, (e) => {
          encoding.writeVarUint(e, SYNC.step1);
          encoding.writeVarUint8Array(e, new Uint8Array([0]));
        }),
      );
      ws.send(envelope(this.address(name), MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, presenceUpdate())));
      return;
    }
    if (type !== MESSAGE.sync) return;
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC.step1) {
      // The server asks what we have that it lacks: nothing.
      ws.send(
        envelope(this.address(name), MESSAGE.sync, (e) => {
          encoding.writeVarUint(e, SYNC.step2);
          encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
        }),
      );
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (syncType === SYNC.step2 && pending.delete(name) && pending.size === 0) {
      this.syncedAt = at;
      this.attempt = 0;
      resolve();
    }
    if (syncType !== SYNC.update) return;
    const meta = Y.parseUpdateMeta(update);
    for (const [client, to] of meta.to) this.receipts.record(client, meta.from.get(client) ?? 0, to, at);
  }
}

export function envelope(name: string, type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, name);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export { AUTH, MESSAGE, SYNC };
