import { type HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { onTestFinished } from "vitest";
import WebSocket from "ws";
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from "y-protocols/sync";
import * as Y from "yjs";
import type { DocumentLog } from "../../server/storage/DocumentLog.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";

/**
 * A provider websocket that reconnects by itself, quickly, as a browser tab
 * does (unlike `openSocket`, which stays closed so negative tests can see it).
 * Every close code it receives is recorded in `closeCodes`.
 */
export function openReconnectingSocket(
  wsUrl: string,
  delayMs = 50,
): { socket: HocuspocusProviderWebsocket; closeCodes: number[] } {
  const closeCodes: number[] = [];
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    delay: delayMs,
    minDelay: delayMs,
    maxDelay: delayMs * 4,
    factor: 1.5,
    jitter: false,
    maxAttempts: 0,
  });
  socket.on("close", ({ event }: { event: { code: number } }) => closeCodes.push(event.code));
  onTestFinished(() => {
    quietenPendingAttempt(socket);
    socket.destroy();
  });
  return { socket, closeCodes };
}

/** Distinct tokens of the form `<prefix><client>n<number>` written by test clients, in a text. */
export function tokensIn(text: string, prefix = "c"): Set<string> {
  return new Set(text.match(new RegExp(`\\b${prefix}\\d+n\\d+\\b`, "g")) ?? []);
}

/** A fresh document built only from what storage holds for `name` (snapshot + log). */
export async function replayStored(log: DocumentLog, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  // One transaction per part, as the server loads them (see PersistenceExtension).
  for (const part of await log.load(name)) Y.applyUpdate(doc, part);
  return doc;
}

/**
 * Why two documents differ, or null when they hold the same content, the same
 * state vector, the same deletions and (unless `comparePending` is false) the
 * same pending, not yet integrated, updates. Clients only ever receive what
 * the server integrated, so compare a client with the server without pending.
 */
export function documentDifference(a: Y.Doc, b: Y.Doc, comparePending = true): string | null {
  const svA = Buffer.from(Y.encodeStateVector(a)).toString("hex");
  const svB = Buffer.from(Y.encodeStateVector(b)).toString("hex");
  if (svA !== svB) return `state vectors differ: ${svA} vs ${svB}`;
  const textA = a.getXmlFragment(SECTION_FRAGMENT).toString();
  const textB = b.getXmlFragment(SECTION_FRAGMENT).toString();
  if (textA !== textB) return `content differs:\n${textA}\nvs\n${textB}`;
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) return "delete sets differ";
  if (!comparePending) return null;
  const pendingA = a.store.pendingStructs !== null || a.store.pendingDs !== null;
  const pendingB = b.store.pendingStructs !== null || b.store.pendingDs !== null;
  if (pendingA !== pendingB) return `pending updates differ: ${pendingA} vs ${pendingB}`;
  return null;
}

/** Stops a provider's socket from reconnecting and closes it (the client "leaves", or goes offline). */
export function leave(socket: HocuspocusProviderWebsocket): void {
  quietenPendingAttempt(socket);
  socket.disconnect();
}

/**
 * Connects a socket that `leave` closed. The provider ignores connect() while
 * its old websocket is still closing (its status still says "connected"), so
 * wait for the close to finish first.
 */
export async function rejoin(socket: HocuspocusProviderWebsocket): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (socket.status !== "disconnected" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  void socket.connect();
}

/** Closing a websocket that is still connecting makes `ws` emit an error nobody listens to. */
function quietenPendingAttempt(socket: HocuspocusProviderWebsocket): void {
  const pending = socket.webSocket as unknown as { on?: (event: string, listener: () => void) => void } | null;
  pending?.on?.("error", () => {});
}

/**
 * Counts, for one provider, how much of its own writing the server has
 * acknowledged. The server handles a connection's messages in order and
 * answers every sync step 2 and update with exactly one sync status, so the
 * k-th status answers the k-th such message; `progress()` is sampled when each
 * message leaves (e.g. the number of tokens written so far).
 */
export function trackAcknowledgements(provider: HocuspocusProvider, progress: () => number): () => number {
  const outstanding: number[] = [];
  let acknowledged = 0;
  provider.on("outgoingMessage", ({ message }: { message: { toUint8Array(): Uint8Array } }) => {
    // Replies (the sync step 2 answering the server's step 1) reach this event
    // with an empty encoder; they are counted from the incoming step 1 below.
    const sync = syncTypeOf(message.toUint8Array(), MessageType.Sync);
    if (sync === messageYjsSyncStep2 || sync === messageYjsUpdate) outstanding.push(progress());
  });
  provider.on("message", ({ event }: { event: MessageEvent }) => {
    const data = event.data;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer);
    // The provider answers a step 1 with a step 2 right after this event.
    if (syncTypeOf(bytes, MessageType.Sync) === messageYjsSyncStep1) outstanding.push(progress());
    const status = syncTypeOf(bytes, MessageType.SyncStatus);
    if (status === null) return;
    const upTo = outstanding.shift();
    if (status === 1 && upTo !== undefined) acknowledged = Math.max(acknowledged, upTo);
  });
  return () => acknowledged;
}

/** The first number after the envelope of a message of `messageType`, or null. */
function syncTypeOf(bytes: Uint8Array, messageType: number): number | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== messageType) return null;
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}
