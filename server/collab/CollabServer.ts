import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type Extension, Hocuspocus } from "@hocuspocus/server";
import { type WebSocket, WebSocketServer } from "ws";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { COLLAB_PATH } from "../../shared/collabProtocol.ts";
import { draftDocumentName, parseDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { clientAddress, DEFAULT_PROXY_SETTINGS, type ProxySettings } from "../auth/proxy.ts";
import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { ChangeEvent } from "../events/changeEvents.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { AuthorizationExtension } from "./AuthorizationExtension.ts";
import type { SocketContext } from "./CollabContext.ts";
import type { CollabLimits } from "./CollabLimits.ts";
import { ConnectionIndex } from "./ConnectionIndex.ts";
import { DocumentAccessPolicy } from "./DocumentAccess.ts";
import { DraftProjection } from "./DraftProjection.ts";
import { FrameGuard, presenceDocument } from "./FrameGuard.ts";
import { LogThrottle } from "./LogThrottle.ts";
import { MessageGuardExtension } from "./MessageGuardExtension.ts";
import { NegotiationProjection } from "./NegotiationProjection.ts";
import { OutputBufferGuard } from "./OutputBufferGuard.ts";
import { PersistenceExtension } from "./PersistenceExtension.ts";
import { PresenceExtension } from "./PresenceExtension.ts";
import { Reauthorizer } from "./Reauthorizer.ts";
import { RoleAnnouncer } from "./RoleAnnouncer.ts";
import { reactToChange } from "./reactToChange.ts";
import type { RosterExchange } from "./rosterShares.ts";
import { type SocketEntry, SocketRegistry } from "./SocketRegistry.ts";
import { SyncCacheExtension } from "./SyncCacheExtension.ts";
import { SharedEncodingExtension } from "./sharedEncoding.ts";

type UserStore = Stores["users"];
type SessionStore = Stores["sessions"];
type GroupStore = Stores["groups"];
type DraftStore = Stores["drafts"];
type DocumentLog = Stores["documents"];
type BracketStore = Stores["brackets"];
type SilenceStore = Stores["silences"];

export interface CollabDeps {
  events: ChangeEventBus;
  sessions: SessionStore;
  users: UserStore;
  groups: GroupStore;
  drafts: DraftStore;
  documents: DocumentLog;
  brackets: BracketStore;
  silences: SilenceStore;
  logger: Logger;
  limits: CollabLimits;
  proxy?: ProxySettings;
  /** With several servers: the extensions that sync documents between them, and the roster exchange. */
  cluster?: { extensions: Extension[]; roster: RosterExchange };
}

const DRAFTS_OF_SECTIONS_KEPT = 10_000;
// Sessions can also end by expiry, which no request announces.
const SESSION_CHECK_INTERVAL_MS = 5_000;
/** How long a socket closed for a limit may take to receive the close frame before it is cut. */
const CUT_GRACE_MS = 2_000;
/** Changes written into a draft's document (its outline, brackets, silence procedure). */
const PROJECTED: ReadonlySet<ChangeEvent["type"]> = new Set([
  "draftChanged",
  "bracketsChanged",
  "silenceChanged",
  "sectionsRestored",
  "draftSettingsChanged",
]);

/** The Hocuspocus server at /collab, with Plenary's extensions, on our own HTTP server. */
export class CollabServer {
  readonly hocuspocus: Hocuspocus;
  readonly persistence: PersistenceExtension;
  private readonly websockets: WebSocketServer;
  private readonly registry: SocketRegistry;
  private readonly closeLog: LogThrottle;
  private readonly projection: DraftProjection;
  /** Brackets, silence and progress in each `draft:` document. */
  readonly negotiation: NegotiationProjection;
  private readonly presence: PresenceExtension;
  private readonly reauthorizer: Reauthorizer;
  private readonly roles: RoleAnnouncer;
  private readonly sessionCheck: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: CollabDeps) {
    this.registry = new SocketRegistry(deps.limits);
    this.closeLog = new LogThrottle(deps.logger);
    const policy = new DocumentAccessPolicy(deps.groups, deps.drafts, deps.silences);
    this.projection = new DraftProjection(deps.drafts, deps.logger);
    this.negotiation = new NegotiationProjection(deps.drafts, deps.brackets, deps.silences, deps.logger);
    const syncCache = new SyncCacheExtension();
    const connections = new ConnectionIndex((connection) => this.reauthorizer.opened(connection));
    this.persistence = new PersistenceExtension(deps.documents, deps.limits, deps.logger, (name, state) =>
      syncCache.prime(name, state),
    );
    // A section never moves to another draft: asked on every join, leave and
    // change of rights, the answer is kept (a bounded number of them).
    const draftOfSection = new Map<string, string>();
    this.presence = new PresenceExtension(
      {
        draftOf: async (name) => {
          const ref = parseDocumentName(name);
          if (ref?.kind === "draft") return name;
          if (ref?.kind !== "section") return null;
          const known = draftOfSection.get(ref.id);
          if (known) return known;
          const located = await deps.drafts.locateSection(ref.id);
          if (!located) return null;
          const draft = draftDocumentName(located.draftId);
          if (draftOfSection.size >= DRAFTS_OF_SECTIONS_KEPT) draftOfSection.clear();
          draftOfSection.set(ref.id, draft);
          return draft;
        },
        sectionsOf: async (name) => {
          const ref = parseDocumentName(name);
          const draft = ref?.kind === "draft" ? await deps.drafts.get(ref.id) : null;
          return (draft?.sections ?? []).map((section) => sectionDocumentName(section.id));
        },
      },
      deps.cluster?.roster ?? null,
    );
    this.hocuspocus = new Hocuspocus({
      quiet: true,
      timeout: deps.limits.idleTimeoutMs,
      // What a socket may queue for documents it has asked for but not yet authenticated.
      maxUnauthenticatedQueueSize: deps.limits.maxUnauthenticatedBytes,
      maxPendingDocuments: Math.min(100, deps.limits.maxDocumentsPerSocket),
      // Every update is already durable when applied; the store hook only compacts.
      debounce: 5_000,
      maxDebounce: 30_000,
      extensions: [
        new AuthorizationExtension(deps.sessions, policy, this.registry, deps.limits, deps.logger),
        connections,
        new MessageGuardExtension(deps.limits, deps.logger),
        this.persistence,
        syncCache,
        this.projection,
        this.negotiation,
        this.presence,
        new SharedEncodingExtension(),
        ...(deps.cluster?.extensions ?? []),
      ],
    });
    this.projection.attach(this.hocuspocus);
    this.negotiation.attach(this.hocuspocus);
    this.presence.attach(this.hocuspocus);
    this.reauthorizer = new Reauthorizer(
      this.hocuspocus,
      connections,
      deps.sessions,
      deps.users,
      deps.drafts,
      policy,
      deps.logger,
      (document) => this.presence.documentChanged(document.name),
    );
    this.roles = new RoleAnnouncer(this.hocuspocus, deps.groups, deps.drafts);
    // ws enforces a hard cap at twice the limit; between the two, Plenary closes
    // with its own code, which names the limit.
    this.websockets = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxFrameBytes * 2 });
    this.sessionCheck = setInterval(async () => {
      try {
        await this.reauthorizer.checkSessions();
      } catch (error) {
        // The database may be away for a while; the next round checks again.
        deps.logger.warn("could not check the open sessions", { error: String(error) });
      }
    }, SESSION_CHECK_INTERVAL_MS);
    this.sessionCheck.unref();
    const reactions = {
      projection: this.projection,
      negotiation: this.negotiation,
      reauthorizer: this.reauthorizer,
      roles: this.roles,
      connectionsOf: (userId: string) => connections.connectionsOf(userId),
    };
    this.unsubscribe = deps.events.subscribe(async (event, origin) => {
      await reactToChange(event, reactions, origin === "here");
      // The projections of a draft are written where its change was committed:
      // in a cluster, load the draft here if only other servers hold it open.
      if (deps.cluster && origin === "here" && PROJECTED.has(event.type) && "draftId" in event) {
        this.projectHere(event.draftId);
      }
    });
  }

  /** Handles an HTTP upgrade; returns false if the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? "").split("?")[0];
    if (path !== COLLAB_PATH) return false;
    // Browsers send cookies with cross-site websocket handshakes: refuse other origins.
    const origin = request.headers.origin;
    if (origin && !sameHost(origin, request.headers.host)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return true;
    }
    this.websockets.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, socket));
    return true;
  }

  private accept(ws: WebSocket, request: IncomingMessage, raw: Duplex): void {
    const { limits } = this.deps;
    const address = clientAddress(
      this.deps.proxy ?? DEFAULT_PROXY_SETTINGS,
      request.socket.remoteAddress,
      request.headers,
    );
    const entry = this.registry.open(ws, address);
    if (!entry) {
      this.cut(ws, raw, CloseCodes.tooManyUnauthenticated, address);
      return;
    }
    this.limitUnauthenticatedBytes(ws, raw, entry);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    const webRequest = new Request(`http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`, { headers });
    const context: SocketContext = { socket: entry };
    const output = new OutputBufferGuard(
      ws,
      limits.maxOutputBufferBytes,
      () => this.cut(ws, raw, CloseCodes.outputBuffer, `${ws.bufferedAmount} bytes waiting`),
      raw,
    );
    const client = this.hocuspocus.handleConnection(output, webRequest, context);
    const frames = new FrameGuard(limits);
    const { maxFrameBytes } = limits;
    ws.on("message", (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (bytes.byteLength > maxFrameBytes) {
        this.closeSocket(ws, CloseCodes.frameTooLarge, `${bytes.byteLength} bytes`);
        return;
      }
      if (!isBinary || bytes.byteLength === 0) {
        this.closeSocket(ws, CloseCodes.malformedMessage, isBinary ? "empty frame" : "text frame");
        return;
      }
      const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const refusal = frames.check(frame);
      if (refusal) {
        this.closeSocket(ws, refusal.close, refusal.detail);
        return;
      }
      // A read-only connection's presence is dropped anyway (PresenceExtension);
      // dropped here, it costs no scratch document (Hocuspocus makes one for
      // every presence message it reads, 32 random draws each), which in a hall
      // of readers renewing their presence is a tenth of the server's time.
      const presenceOf = presenceDocument(frame);
      if (presenceOf !== null && entry.connections.get(presenceOf)?.readOnly) {
        client.lastMessageReceivedAt = Date.now();
        return;
      }
      try {
        client.handleMessage(frame);
      } catch (error) {
        this.closeSocket(ws, CloseCodes.malformedMessage, String(error));
      }
    });
    ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
    ws.on("error", (error) => {
      const close = error.message.includes("Max payload") ? CloseCodes.frameTooLarge : CloseCodes.malformedMessage;
      this.closeSocket(ws, close, error.message);
    });
  }

  private closeSocket(ws: WebSocket, close: { code: number; reason: string }, detail: string): void {
    // Clients can cause these at will: one line per reason and minute at most, with a count of the rest.
    this.closeLog.warn("closing socket", close.reason, { detail: detail.slice(0, 200) });
    ws.close(close.code, close.reason);
  }

  /**
   * Closes with a code, stops reading, and cuts the connection if the close
   * handshake has not finished shortly after: a client that floods or does not
   * read must not keep its buffers in memory while it takes its time.
   */
  private cut(ws: WebSocket, raw: Duplex, close: { code: number; reason: string }, detail: string): void {
    this.closeSocket(ws, close, detail);
    raw.pause();
    setTimeout(() => ws.terminate(), CUT_GRACE_MS).unref();
  }

  /**
   * Counts the bytes a socket sends until it authenticates its first
   * document, at the TCP level, so even a half-sent huge frame counts.
   */
  private limitUnauthenticatedBytes(ws: WebSocket, raw: Duplex, entry: SocketEntry): void {
    const limit = this.deps.limits.maxUnauthenticatedBytes;
    let received = 0;
    const count = (chunk: Buffer) => {
      if (entry.userId !== null) {
        raw.off("data", count);
        return;
      }
      received += chunk.byteLength;
      if (received <= limit) return;
      raw.off("data", count);
      this.cut(ws, raw, CloseCodes.unauthenticatedData, `${received} bytes from ${entry.address}`);
    };
    // Ahead of ws, so the limit is seen before the frame reaches Hocuspocus.
    raw.prependListener("data", count);
  }

  /**
   * Re-checks every open connection and draft page. Only for changes that
   * concern many people at once (a delegation renamed or removed by the admin);
   * commands announce anything narrower with change events.
   */
  async reauthorizeAll(): Promise<void> {
    await this.reauthorizer.all();
    await this.roles.all();
  }

  /** A draft changed through a route not yet converted to commands. */
  async draftChanged(draftId: string): Promise<void> {
    await this.projection.draftChanged(draftId);
    await this.negotiation.sectionsChanged(draftId);
    await this.reauthorizer.draft(draftId);
  }

  /**
   * Loads a draft's document on this server if it is not loaded (loading
   * brings the other servers' state, then writes the projections from the
   * database), so that the server where a change was committed writes it.
   */
  private projectHere(draftId: string): void {
    const name = draftDocumentName(draftId);
    if (this.hocuspocus.documents.has(name)) return;
    void (async () => {
      const connection = await this.hocuspocus.openDirectConnection(name, { server: "projection" });
      await connection.disconnect({ unloadImmediately: false });
    })().catch((error: unknown) =>
      this.deps.logger.warn("could not project a change into its draft document", { draftId, error: String(error) }),
    );
  }

  /**
   * Re-reads from the database everything other servers may have changed
   * without this one hearing of it (their messages are lost while Redis is
   * down): every open connection's rights and sessions, and, with
   * `projections` (only once this server has the other servers' state of its
   * documents, or two servers would rewrite the section order at once), every
   * loaded draft document's projections.
   */
  async catchUp(projections: boolean): Promise<void> {
    await this.reauthorizer.all();
    await this.reauthorizer.checkSessions();
    await this.roles.all();
    if (!projections) return;
    for (const name of [...this.hocuspocus.documents.keys()]) {
      const ref = parseDocumentName(name);
      if (ref?.kind !== "draft") continue;
      await this.projection.draftChanged(ref.id);
      await this.negotiation.refresh(ref.id);
    }
  }

  /** Closes the sockets of one session (a route that revoked it without a command). */
  sessionRevoked(sessionId: string): void {
    this.reauthorizer.sessionRevokedAnywhere(sessionId);
  }

  /**
   * Brings every loaded document up to what the database holds (another
   * server may have stored updates it never relayed before it died).
   */
  async reloadStored(): Promise<void> {
    for (const document of [...this.hocuspocus.documents.values()]) {
      if (document.isLoading) continue;
      try {
        await this.persistence.reapplyStored(document);
      } catch (error) {
        this.deps.logger.warn("could not re-read a document from the database", {
          document: document.name,
          error: String(error),
        });
      }
    }
  }

  /** Number of documents in memory (for tests and diagnostics). */
  get loadedDocuments(): number {
    return this.hocuspocus.getDocumentsCount();
  }

  /** Commits pending appends, compacts what is loaded, and closes every socket with "server restarting". */
  async close(): Promise<void> {
    clearInterval(this.sessionCheck);
    this.negotiation.stop();
    this.unsubscribe();
    await this.persistence.flush();
    for (const document of this.hocuspocus.documents.values()) {
      try {
        await this.persistence.compact(document, true);
      } catch (error) {
        this.deps.logger.warn("compaction on shutdown failed; the log still holds everything", {
          document: document.name,
          error: String(error),
        });
      }
    }
    await this.presence.onDestroy();
    const closed = [...this.websockets.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once("close", () => resolve());
          ws.close(CloseCodes.serverRestarting.code, CloseCodes.serverRestarting.reason);
        }),
    );
    // Give clients a moment to answer the close handshake, then cut whoever did not.
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    for (const ws of this.websockets.clients) ws.terminate();
    await this.persistence.onDestroy();
    await new Promise<void>((resolve) => this.websockets.close(() => resolve()));
  }
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
