import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { onTestFinished } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";

export type Scope = "read-write" | "readonly" | "denied";

export interface DocumentClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves with the scope the server granted, or "denied". */
  scope: Promise<Scope>;
  /** The latest scope the server announced (it can change live). */
  currentScope(): Scope | "pending";
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>;
  text(): string;
  /**
   * How many of this client's updates the server answered "not applied"
   * (sync status 0: the connection is read-only). Lets a negative test wait
   * until the server has seen, and refused, a forbidden edit.
   */
  refusedUpdates(): number;
}

/** One websocket to /collab, shared by several documents, closed when the test ends. */
export function openSocket(wsUrl: string): HocuspocusProviderWebsocket {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Tests that expect a closed socket must not see it come back by itself.
    maxAttempts: 1,
  });
  onTestFinished(() => socket.destroy());
  return socket;
}

export function openDocument(
  socket: HocuspocusProviderWebsocket,
  name: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
): DocumentClient {
  let current: Scope | "pending" = "pending";
  let resolveScope: (scope: Scope) => void = () => {};
  const scope = new Promise<Scope>((resolve) => {
    resolveScope = resolve;
  });
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    onAuthenticated: ({ scope: granted }) => {
      current = granted === "read-write" ? "read-write" : "readonly";
      resolveScope(current);
    },
    onAuthenticationFailed: () => {
      current = "denied";
      resolveScope("denied");
    },
    onSynced: () => resolveSynced(),
  });
  let refused = 0;
  provider.on("message", ({ event }: { event: MessageEvent }) => {
    if (syncStatusOf(event.data) === false) refused += 1;
  });
  provider.attach();
  onTestFinished(() => provider.destroy());
  return {
    doc,
    provider,
    scope,
    currentScope: () => current,
    synced,
    text: () => fragmentText(doc),
    refusedUpdates: () => refused,
  };
}

/** The "applied?" flag of a sync status message, or null for any other message. */
function syncStatusOf(data: unknown): boolean | null {
  const bytes =
    data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0);
  try {
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.SyncStatus) return null;
    return decoding.readVarUint(decoder) === 1;
  } catch {
    return null;
  }
}

/** Waits until the server has refused `count` updates of this client in total. */
export function refused(client: DocumentClient, count = 1, timeoutMs = 5_000): Promise<void> {
  return eventually(() => {
    if (client.refusedUpdates() < count) throw new Error(`${client.refusedUpdates()} of ${count} updates refused yet`);
  }, timeoutMs);
}

/** Plain text of a section document: paragraphs joined by newlines. */
export function fragmentText(doc: Y.Doc): string {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  return fragment
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map(textOf).join("") : textOf(node)))
    .join("\n");
}

function textOf(node: unknown): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]+>/g, "");
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join("");
  return "";
}

/** Appends a paragraph with `text` to a section document, as an editor would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.push([paragraph]);
}

/** Retries an assertion until it passes or the time is up (then throws its last error). */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw lastError;
}

/** Waits until the provider has no update the server has not acknowledged. */
export function allAcknowledged(client: DocumentClient, timeoutMs = 5_000): Promise<void> {
  return eventually(() => {
    if (client.provider.hasUnsyncedChanges) throw new Error("unacknowledged changes remain");
  }, timeoutMs);
}

/**
 * Opens `name` for `token` on a socket of its own and waits until the server
 * has answered (and, unless refused, until the first sync is done).
 */
export async function joinDocument(wsUrl: string, name: string, token: string): Promise<DocumentClient> {
  const client = openDocument(openSocket(wsUrl), name, token);
  if ((await client.scope) !== "denied") await client.synced;
  return client;
}
