import type {
  afterHandleMessagePayload,
  afterLoadDocumentPayload,
  afterUnloadDocumentPayload,
  beforeHandleMessagePayload,
  Document,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { DocumentKinds, parseDocumentName } from "../../shared/documentNames.ts";
import { type DecodedUpdate, rangesOfUpdate } from "../../shared/text/updateRanges.ts";
import type { Logger } from "../logger.ts";
import type { DocumentLog, UpdateAuthorship } from "../storage/DocumentLog.ts";
import { GroupCommit } from "../storage/GroupCommit.ts";
import { isCollabContext } from "./CollabContext.ts";
import type { CollabLimits } from "./CollabLimits.ts";
import { closeSocket } from "./closeSocket.ts";
import { DocumentGates } from "./DocumentGates.ts";
import { ALREADY_DURABLE } from "./ServerDocumentWriter.ts";
import { checkSectionStructure } from "./sectionStructure.ts";
import { parseMessage } from "./syncMessages.ts";
import { checkReferences, decodeIncoming } from "./updateValidation.ts";

const COMPACT_AFTER_UPDATES = 200;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * Durability. Hocuspocus acknowledges and broadcasts an update as soon as it is
 * applied in memory, and stores later. Plenary validates every client update
 * and commits it to the log *before* Hocuspocus sees it (beforeHandleMessage):
 * nothing is acknowledged, applied or broadcast before it is stored. If
 * validation or the append fails, the update is refused and the socket
 * closed; the client keeps the edit and sends it again when it reconnects, so
 * the live document never holds anything the log lacks. Updates made by the
 * server itself are appended before they are broadcast, by wrapping the
 * document's update callback; until they are stored, the document's sync
 * messages wait. Server writes that decide on a document's content (commands)
 * hold it through `gates`: client sync messages hold it shared while stored
 * and applied. Snapshots (compaction) fold what the database holds, in the
 * background from Hocuspocus' debounced store hook; they are only an
 * optimisation (the log alone reproduces every document), safe when several
 * servers compact one document, and a failed one is retried with backoff.
 */
export class PersistenceExtension implements Extension {
  extensionName = "Persistence";
  priority = 900;

  private readonly commits: GroupCommit;
  /** Per document: held shared by client sync messages, exclusively by server writes. */
  readonly gates = new DocumentGates();
  /** The release of the gate each connection holds while its current message is handled. */
  private readonly held = new WeakMap<object, () => void>();
  /** Per document: the server's own updates not stored yet (their broadcast waits for them). */
  private readonly unstored = new Map<string, Promise<void>>();
  private stopped = false;
  /** Stored bytes (snapshot + log) per loaded document, for the size limit. */
  private readonly storedBytes = new Map<string, number>();
  private readonly retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  /** Documents whose just-committed client updates are being applied, to broadcast once they are. */
  private readonly committed = new Set<Document>();

  constructor(
    private readonly log: Pick<DocumentLog, "load" | "appendMany" | "pendingCount" | "compact">,
    private readonly limits: CollabLimits,
    private readonly logger: Logger,
    private readonly onLoadedWhole: (documentName: string, state: Uint8Array) => void = () => {},
  ) {
    this.commits = new GroupCommit(log);
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const parts = await this.log.load(documentName);
    // One transaction per part, as each was applied live: Yjs collects deleted
    // content when a transaction ends, and an item placed next to content that
    // was already collected is dropped. Replaying every part in one transaction
    // would keep such an item that the live document had dropped.
    for (const part of parts) Y.applyUpdate(document, part);
    this.storedBytes.set(
      documentName,
      parts.reduce((sum, part) => sum + part.byteLength, 0),
    );
    const [only] = parts;
    if (parts.length === 1 && only) this.onLoadedWhole(documentName, only);
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    const forward = document.callbacks.onUpdate;
    document.onUpdate((doc, origin, update) => {
      // Client updates were committed in beforeHandleMessage, a command's
      // durable change with its rows, and an update relayed by another server
      // by that server; the rest are this server's own.
      if (isConnectionOrigin(origin)) {
        forward(doc, origin, update);
        return;
      }
      if (isAlreadyDurable(origin) || isRelayedOrigin(origin)) {
        this.addBytes(doc.name, update.byteLength);
        forward(doc, origin, update);
        return;
      }
      const author = authorOfOrigin(origin);
      const stored = this.storeServerUpdate(
        doc.name,
        update,
        author && isSection(doc.name) ? authorship(update, author) : undefined,
      );
      this.addBytes(doc.name, update.byteLength);
      const previous = this.unstored.get(doc.name);
      // Broadcast in the order made, each once stored.
      const broadcast = (previous ? previous.then(() => stored) : stored).then(() => forward(doc, origin, update));
      const settled = broadcast.catch(() => {});
      this.unstored.set(doc.name, settled);
      void settled.then(() => {
        if (this.unstored.get(doc.name) === settled) this.unstored.delete(doc.name);
      });
    });
  }

  /**
   * Resolves once every update the server has made to the document so far is
   * stored (and broadcast).
   */
  async stored(documentName: string): Promise<void> {
    for (;;) {
      const pending = this.unstored.get(documentName);
      if (!pending) return;
      await pending;
    }
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.storedBytes.delete(documentName);
    const retry = this.retries.get(documentName);
    if (retry) clearTimeout(retry.timer);
    this.retries.delete(documentName);
  }

  async beforeHandleMessage({ connection, update, document }: beforeHandleMessagePayload): Promise<void> {
    const parsed = parseMessage(update);
    if (parsed.type !== "documentUpdate" && parsed.type !== "syncStep1") return;
    // Nothing is answered or applied while the server's own changes are not
    // stored, or while a server write holds the document.
    await this.stored(document.name);
    const release = await this.gates.shared(document.name);
    this.held.set(connection, release);
    try {
      if (parsed.type === "documentUpdate" && !connection.readOnly)
        await this.storeClientUpdate(connection, document, parsed.update);
    } catch (error) {
      this.releaseFor(connection);
      throw error;
    }
  }

  async afterHandleMessage({ connection }: afterHandleMessagePayload): Promise<void> {
    // A connection handles its messages one at a time, so one hold per connection suffices.
    // Hocuspocus calls this (in a finally) for every message whose before-hooks all passed;
    // the hooks after this one (the sync cache) do not throw.
    this.releaseFor(connection);
  }

  private releaseFor(connection: object): void {
    const release = this.held.get(connection);
    this.held.delete(connection);
    release?.();
  }

  private async storeClientUpdate(
    connection: beforeHandleMessagePayload["connection"],
    document: Document,
    update: Uint8Array,
  ): Promise<void> {
    // Decoded once for every check. References first: the structure check
    // relies on every referenced item existing.
    const decoding = decodeIncoming(update);
    const references = decoding.ok ? checkReferences(document, decoding.decoded) : decoding;
    const verdict =
      decoding.ok && references.ok && isSection(document.name)
        ? checkSectionStructure(document, decoding.decoded)
        : references;
    if (!verdict.ok) {
      this.logger.warn("update rejected, closing socket", { document: document.name, reason: verdict.reason });
      this.refuse(connection, CloseCodes.updateRejected);
    }
    const size = (this.storedBytes.get(document.name) ?? 0) + update.byteLength;
    if (size > this.limits.maxDocumentBytes) {
      this.logger.warn("document size limit reached", { document: document.name, size });
      this.refuse(connection, CloseCodes.documentTooLarge);
    }
    // Who wrote what is what the server knows of the sender, recorded with the
    // update itself; nothing the client says about itself is consulted.
    const context = connection.context;
    const author =
      decoding.ok && isSection(document.name) && isCollabContext(context)
        ? authorship(decoding.decoded, { userId: context.user.id, delegation: context.user.delegation }, (client) =>
            Y.getState(document.store, client),
          )
        : undefined;
    try {
      await this.commits.append(document.name, update, author);
    } catch (error) {
      // Nothing is applied that the log lacks; the client keeps the edit and
      // sends it again when it reconnects, which works once storage is back.
      this.logger.error("could not store update, refusing it", { document: document.name, error: String(error) });
      this.refuse(connection, CloseCodes.storageUnavailable);
    }
    this.addBytes(document.name, update.byteLength);
    this.broadcastOnceApplied(document);
    if (connection.readOnly) {
      // The pen was taken away while this update, sent before that, was being
      // committed. It is stored, so it must be live too, or a reload would
      // differ from what everyone sees.
      Y.applyUpdate(document, update, { source: "connection", connection });
    }
  }

  /**
   * Hocuspocus sends what a document received in one event-loop turn at the
   * end of that turn (setImmediate). A committed batch is applied in the turn
   * after the one it arrived in, inside the commit's own setImmediate, so
   * Hocuspocus' send would wait one more turn: a whole round of reading other
   * sockets. Instead each document the batch touched is sent right after the
   * batch is applied: a tick queued from a promise continuation runs once
   * every continuation, Hocuspocus' application of the updates included, has
   * run. Its updates go out merged, in one frame per receiver.
   */
  private broadcastOnceApplied(document: Document): void {
    if (this.committed.size === 0) {
      process.nextTick(() => {
        const documents = [...this.committed];
        this.committed.clear();
        for (const each of documents) if (!each.isDestroyed) each.flush();
      });
    }
    this.committed.add(document);
  }

  /**
   * Stores an update the server made (it is in memory already and cannot be
   * taken back): retried until it is stored, while the document's sync
   * messages and its broadcast wait.
   */
  private async storeServerUpdate(
    name: string,
    update: Uint8Array,
    author: UpdateAuthorship | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.commits.append(name, update, author);
        return;
      } catch (error) {
        if (this.stopped) throw error;
        this.logger.error("could not store a server update, retrying", { document: name, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt)));
      }
    }
  }

  async onStoreDocument({ document }: onStoreDocumentPayload): Promise<void> {
    await this.compact(document);
  }

  /**
   * Applies to a loaded document whatever the database holds for it that it
   * lacks: updates another server stored but could not relay (it died, or
   * Redis was away). Yjs skips what the document has; nothing is appended.
   */
  async reapplyStored(document: Document): Promise<void> {
    const parts = await this.log.load(document.name);
    if (document.isDestroyed) return;
    const origin = { source: "local", context: { server: "storage" }, [ALREADY_DURABLE]: true };
    for (const part of parts) Y.applyUpdate(document, part, origin);
  }

  /**
   * Folds the stored log into a snapshot (from the database, not from this
   * server's memory: another server may have appended to it); on failure
   * retries with backoff (the log keeps everything meanwhile).
   */
  async compact(document: Document, force = false): Promise<void> {
    if (document.isDestroyed || this.stopped) return;
    try {
      if (!force && (await this.log.pendingCount(document.name)) < COMPACT_AFTER_UPDATES) return;
      const compaction = await this.log.compact(document.name);
      if (compaction) this.storedBytes.set(document.name, compaction.bytes);
      const retry = this.retries.get(document.name);
      if (retry) clearTimeout(retry.timer);
      this.retries.delete(document.name);
    } catch (error) {
      this.logger.warn("compaction failed, will retry", { document: document.name, error: String(error) });
      this.scheduleRetry(document, force);
    }
  }

  /** Stores whatever is queued (shutdown). */
  async flush(): Promise<void> {
    await this.commits.flush();
    await Promise.all([...this.unstored.values()]);
  }

  async onDestroy(): Promise<void> {
    this.stopped = true;
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
  }

  private refuse(connection: beforeHandleMessagePayload["connection"], close: { code: number; reason: string }): never {
    closeSocket(connection, close);
    throw Object.assign(new Error(close.reason), close);
  }

  private addBytes(document: string, bytes: number): void {
    this.storedBytes.set(document, (this.storedBytes.get(document) ?? 0) + bytes);
  }

  private scheduleRetry(document: Document, force: boolean): void {
    const previous = this.retries.get(document.name);
    if (previous) clearTimeout(previous.timer);
    const attempt = (previous?.attempt ?? 0) + 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
    const timer = setTimeout(() => void this.compact(document, force), delay);
    timer.unref();
    this.retries.set(document.name, { attempt, timer });
  }
}

/** Section documents hold the editor's text, whose structure is enforced; the others are written by the server only. */
function isSection(documentName: string): boolean {
  return parseDocumentName(documentName)?.kind === DocumentKinds.section;
}

/** Who the server writes as: set on the transaction origin of a write made for a user (a restore). */
export interface OriginAuthor {
  userId: string;
  delegation: string;
}

function authorOfOrigin(origin: unknown): OriginAuthor | null {
  if (typeof origin !== "object" || origin === null) return null;
  const author = (origin as { author?: unknown }).author;
  if (typeof author !== "object" || author === null) return null;
  const { userId, delegation } = author as { userId?: unknown; delegation?: unknown };
  return typeof userId === "string" && typeof delegation === "string" ? { userId, delegation } : null;
}

function authorship(
  update: Uint8Array | DecodedUpdate,
  author: OriginAuthor,
  known?: (client: number) => number,
): UpdateAuthorship {
  return { ...author, ...rangesOfUpdate(update, known) };
}

function isAlreadyDurable(origin: unknown): boolean {
  return typeof origin === "object" && origin !== null && (origin as Record<string, unknown>)[ALREADY_DURABLE] === true;
}

/** Applied from another server of the cluster (Hocuspocus' Redis origin). */
function isRelayedOrigin(origin: unknown): boolean {
  return typeof origin === "object" && origin !== null && (origin as { source?: unknown }).source === "redis";
}

function isConnectionOrigin(origin: unknown): boolean {
  return typeof origin === "object" && origin !== null && (origin as { source?: unknown }).source === "connection";
}
