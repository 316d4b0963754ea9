import { AuthMessageType } from "@hocuspocus/common";
import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { onTestFinished } from "vitest";
import WebSocket from "ws";
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from "y-protocols/sync";
import * as Y from "yjs";

/** The server's answer to an auth message; `payload` is the reply's bytes after the document name. */
export type AuthReply =
  | { type: "authenticated"; scope: string; payload: Uint8Array }
  | { type: "denied"; reason: string; payload: Uint8Array };

/**
 * A hand-written protocol client with no Yjs provider behind it: it sends
 * exactly the bytes a test tells it to, the way a hostile third-party client could.
 */
export class RawClient {
  readonly messages: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const bytes = data instanceof Buffer ? data : Buffer.from(data as ArrayBuffer);
      this.messages.push(new Uint8Array(bytes));
      for (const waiter of this.waiters.splice(0)) waiter();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static async connect(wsUrl: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const ws = new WebSocket(wsUrl, { headers });
    const client = new RawClient(ws);
    onTestFinished(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  async authenticate(documentName: string, token: string): Promise<AuthReply> {
    const from = this.messages.length;
    this.send(
      envelope(documentName, MessageType.Auth, (e) => {
        encoding.writeVarUint(e, AuthMessageType.Token);
        encoding.writeVarString(e, token);
      }),
    );
    return this.waitFor(from, (message) => {
      const decoder = decoding.createDecoder(message);
      const name = decoding.readVarString(decoder);
      if (!name.startsWith(documentName)) return null;
      const payload = message.slice(decoder.pos);
      if (decoding.readVarUint(decoder) !== MessageType.Auth) return null;
      const type = decoding.readVarUint(decoder);
      if (type === AuthMessageType.Authenticated) {
        return { type: "authenticated", scope: decoding.readVarString(decoder), payload };
      }
      if (type === AuthMessageType.PermissionDenied)
        return { type: "denied", reason: decoding.readVarString(decoder), payload };
      return null;
    });
  }

  sendSyncStep1(documentName: string, stateVector: Uint8Array): void {
    this.send(syncMessage(documentName, messageYjsSyncStep1, stateVector));
  }

  /**
   * Asks for the whole document (sync step 1 with an empty state vector) and
   * resolves with the server's state as a fresh Y.Doc. The server handles a
   * connection's messages in order, so the answer reflects every message this
   * client sent before: a barrier for negative tests.
   */
  async fetchState(documentName: string): Promise<Y.Doc> {
    const from = this.messages.length;
    this.sendSyncStep1(documentName, Y.encodeStateVector(new Y.Doc()));
    const update = await this.waitFor(from, (message) => {
      const decoder = decoding.createDecoder(message);
      if (!decoding.readVarString(decoder).startsWith(documentName)) return null;
      if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
      if (decoding.readVarUint(decoder) !== messageYjsSyncStep2) return null;
      return decoding.readVarUint8Array(decoder);
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return doc;
  }

  sendUpdate(documentName: string, update: Uint8Array): void {
    this.send(syncMessage(documentName, messageYjsUpdate, update));
  }

  sendSyncStep2(documentName: string, update: Uint8Array): void {
    this.send(syncMessage(documentName, messageYjsSyncStep2, update));
  }

  sendAwareness(documentName: string, awarenessUpdate: Uint8Array): void {
    this.send(envelope(documentName, MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, awarenessUpdate)));
  }

  sendStateless(documentName: string, payload: string): void {
    this.send(envelope(documentName, MessageType.Stateless, (e) => encoding.writeVarString(e, payload)));
  }

  /** Resolves with the first message from index `from` on that `match` accepts. */
  async waitFor<T>(from: number, match: (message: Uint8Array) => T | null, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let index = from;
    for (;;) {
      while (index < this.messages.length) {
        const message = this.messages[index++];
        if (!message) continue;
        try {
          const result = match(message);
          if (result !== null) return result;
        } catch {
          // not the message we are looking for
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a message");
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, left)),
        this.closed.then(() => undefined),
      ]);
      if (!this.isOpen && index >= this.messages.length) throw new Error("socket closed while waiting");
    }
  }
}

/**
 * What the server holds for a document right now, read by a fresh raw
 * connection (so no provider's local state is mixed in).
 */
export async function serverState(wsUrl: string, documentName: string, token: string): Promise<Y.Doc> {
  const client = await RawClient.connect(wsUrl);
  const reply = await client.authenticate(documentName, token);
  if (reply.type !== "authenticated") throw new Error(`cannot read ${documentName}: ${reply.reason}`);
  const doc = await client.fetchState(documentName);
  client.ws.terminate();
  return doc;
}

/** An awareness update claiming `clientId` at `clock` with `state` (null: "this client left"). */
export function awarenessUpdate(clientId: number, clock: number, state: Record<string, unknown> | null): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

export function envelope(documentName: string, type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncMessage(documentName: string, syncType: number, payload: Uint8Array): Uint8Array {
  return envelope(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}
