import type {
  afterHandleMessagePayload,
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Document,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";
import { CloseCodes } from "../../shared/closeCodes.ts";
import type { Logger } from "../logger.ts";
import type { DocumentLog } from "../storage/DocumentLog.ts";
import { closeSocket } from "./Reauthorizer.ts";
import { parseMessage } from "./syncMessages.ts";

const COMPACT_AFTER_UPDATES = 200;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * Durability. Hocuspocus acknowledges and broadcasts an update as soon as it is
 * applied in memory and stores later; Plenary appends every client update to
 * the SQLite log *before* Hocuspocus sees it (beforeHandleMessage), so nothing
 * is acknowledged, applied or broadcast before it is committed. If the append
 * fails, the update is refused and the socket closed: the client keeps the
 * edit and sends it again when it reconnects. Updates made by the server
 * itself (the draft projection) are appended before they are broadcast by
 * wrapping the document's update callback. Snapshots (compaction) happen in
 * the background, from Hocuspocus' debounced store hook, and are only an
 * optimisation: the log alone reproduces every document.
 */
export class PersistenceExtension implements Extension {
  extensionName = "Persistence";
  // After authorization, before everything else.
  priority = 900;

  /** Updates appended but not yet applied in memory, per document: compaction waits for them. */
  private readonly inFlight = new Map<string, number>();
  private readonly appendedFor = new WeakSet<object>();
  private readonly retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly log: DocumentLog,
    private readonly logger: Logger,
  ) {}

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const parts = this.log.load(documentName);
    document.transact(() => {
      for (const part of parts) Y.applyUpdate(document, part);
    });
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    const forward = document.callbacks.onUpdate;
    document.onUpdate((doc, origin, update) => {
      // Client updates were appended in beforeHandleMessage; the rest are the server's own.
      if (!isConnectionOrigin(origin)) this.log.append(doc.name, update);
      forward(doc, origin, update);
    });
  }

  async beforeHandleMessage({ connection, update, document }: beforeHandleMessagePayload): Promise<void> {
    let parsed: ReturnType<typeof parseMessage>;
    try {
      parsed = parseMessage(update);
    } catch (error) {
      this.logger.warn("malformed message, closing socket", { document: document.name, error: String(error) });
      closeSocket(connection, CloseCodes.malformedMessage);
      throw Object.assign(new Error("malformed message"), CloseCodes.malformedMessage);
    }
    if (parsed.type !== "documentUpdate" || connection.readOnly) return;
    try {
      // Refuse what Yjs cannot decode before it reaches the log or the document.
      Y.decodeUpdate(parsed.update);
    } catch (error) {
      this.logger.warn("undecodable update, closing socket", { document: document.name, error: String(error) });
      closeSocket(connection, CloseCodes.updateRejected);
      throw Object.assign(new Error("update rejected"), CloseCodes.updateRejected);
    }
    try {
      this.log.append(document.name, parsed.update);
    } catch (error) {
      this.logger.error("could not store update, refusing it", { document: document.name, error: String(error) });
      closeSocket(connection, CloseCodes.updateRejected);
      throw Object.assign(new Error("update not stored"), CloseCodes.updateRejected);
    }
    this.inFlight.set(document.name, (this.inFlight.get(document.name) ?? 0) + 1);
    this.appendedFor.add(connection);
  }

  async afterHandleMessage({ connection, document }: afterHandleMessagePayload): Promise<void> {
    // A connection handles its messages one at a time, so one flag per connection suffices.
    if (!this.appendedFor.delete(connection)) return;
    const left = (this.inFlight.get(document.name) ?? 1) - 1;
    if (left <= 0) this.inFlight.delete(document.name);
    else this.inFlight.set(document.name, left);
  }

  async onStoreDocument({ document }: onStoreDocumentPayload): Promise<void> {
    this.compact(document);
  }

  /** Folds the log into a snapshot; on failure retries with backoff (the log keeps everything meanwhile). */
  compact(document: Document, force = false): void {
    if (document.isDestroyed) return;
    if ((this.inFlight.get(document.name) ?? 0) > 0) {
      this.scheduleRetry(document, force);
      return;
    }
    try {
      if (!force && this.log.pendingCount(document.name) < COMPACT_AFTER_UPDATES) return;
      this.log.compact(document.name, Y.encodeStateAsUpdate(document));
      const retry = this.retries.get(document.name);
      if (retry) clearTimeout(retry.timer);
      this.retries.delete(document.name);
    } catch (error) {
      this.logger.warn("compaction failed, will retry", { document: document.name, error: String(error) });
      this.scheduleRetry(document, force);
    }
  }

  private scheduleRetry(document: Document, force: boolean): void {
    const previous = this.retries.get(document.name);
    if (previous) clearTimeout(previous.timer);
    const attempt = (previous?.attempt ?? 0) + 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
    const timer = setTimeout(() => this.compact(document, force), delay);
    timer.unref();
    this.retries.set(document.name, { attempt, timer });
  }

  async onDestroy(): Promise<void> {
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
  }
}

function isConnectionOrigin(origin: unknown): boolean {
  return typeof origin === "object" && origin !== null && (origin as { source?: unknown }).source === "connection";
}
