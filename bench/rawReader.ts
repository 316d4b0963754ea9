import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { now } from "./stats.ts";

const MESSAGE = { sync: 0, awareness: 1, auth: 2 } as const;
const SYNC = { step1: 0, step2: 1, update: 2 } as const;
const AUTH = { token: 0, permissionDenied: 1, authenticated: 2 } as const;

/**
 * A reader that speaks the protocol without keeping a Y.Doc: it authenticates
 * and syncs every document like a provider, announces its presence once, and
 * for each update it receives reads only which changes it carries (client,
 * clocks) to timestamp them. Readers are most of the clients in a large room;
 * simulating them with full providers makes the load generator, not the
 * server, the bottleneck.
 */
export function connectRawReader(
  wsUrl: string,
  token: string,
  docs: string[],
  presence: boolean,
  onReceipt: (client: number, from: number, to: number, at: number) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl);
  const pending = new Set(docs);
  // Like a provider's Awareness, the reader renews its presence every 15 s.
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name: "reader", color: "#1f6feb" } });
  const presenceUpdate = () => encodeAwarenessUpdate(awareness, [awareness.clientID]);
  if (presence) {
    const renew = () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      awareness.setLocalState({ user: { name: "reader", color: "#1f6feb" } });
      const update = presenceUpdate();
      for (const name of docs)
        ws.send(envelope(name, MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, update)));
    };
    const start = setTimeout(() => {
      const timer = setInterval(renew, 15_000);
      ws.once("close", () => clearInterval(timer));
      renew();
    }, Math.random() * 15_000);
    ws.once("close", () => clearTimeout(start));
  }
  return new Promise((resolve, reject) => {
    ws.on("open", () => {
      for (const name of docs) {
        ws.send(
          envelope(name, MESSAGE.auth, (e) => {
            encoding.writeVarUint(e, AUTH.token);
            encoding.writeVarString(e, token);
          }),
        );
      }
    });
    ws.on("error", reject);
    ws.on("message", (data: Buffer) => {
      const at = now();
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const address = decoding.readVarString(decoder);
      const name = address.split("\0")[0] ?? address;
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE.auth) {
        const authType = decoding.readVarUint(decoder);
        if (authType === AUTH.permissionDenied) reject(new Error(`refused ${name}`));
        if (authType !== AUTH.authenticated) return;
        ws.send(
          envelope(name, MESSAGE.sync, (e) => {
            encoding.writeVarUint(e, SYNC.step1);
            encoding.writeVarUint8Array(e, new Uint8Array([0]));
          }),
        );
        if (presence)
          ws.send(envelope(name, MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, presenceUpdate())));
        return;
      }
      if (type !== MESSAGE.sync) return;
      const syncType = decoding.readVarUint(decoder);
      if (syncType === SYNC.step1) {
        // The server asks what we have that it lacks: nothing.
        ws.send(
          envelope(name, MESSAGE.sync, (e) => {
            encoding.writeVarUint(e, SYNC.step2);
            encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
          }),
        );
        return;
      }
      const update = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC.step2 && pending.delete(name) && pending.size === 0) resolve(ws);
      if (syncType !== SYNC.update) return;
      const meta = Y.parseUpdateMeta(update);
      for (const [client, to] of meta.to) onReceipt(client, meta.from.get(client) ?? 0, to, at);
    });
  });
}

function envelope(name: string, type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, name);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
