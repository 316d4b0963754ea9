import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Hocuspocus } from "@hocuspocus/server";
import { type WebSocket, WebSocketServer } from "ws";
import { CloseCodes } from "../../shared/closeCodes.ts";
import type { Logger } from "../logger.ts";
import type { DocumentLog } from "../storage/DocumentLog.ts";
import type { DraftStore } from "../storage/DraftStore.ts";
import type { GroupStore } from "../storage/GroupStore.ts";
import type { SessionStore } from "../storage/SessionStore.ts";
import type { UserStore } from "../storage/UserStore.ts";
import { AuthorizationExtension } from "./AuthorizationExtension.ts";
import { DocumentAccessPolicy } from "./DocumentAccess.ts";
import { DraftProjection } from "./DraftProjection.ts";
import { PersistenceExtension } from "./PersistenceExtension.ts";
import { PresenceExtension } from "./PresenceExtension.ts";
import { Reauthorizer } from "./Reauthorizer.ts";

export const COLLAB_PATH = "/collab";

export interface CollabLimits {
  /** Largest websocket frame accepted, in bytes. */
  maxFrameBytes: number;
}

export interface CollabDeps {
  sessions: SessionStore;
  users: UserStore;
  groups: GroupStore;
  drafts: DraftStore;
  documents: DocumentLog;
  logger: Logger;
  limits: CollabLimits;
}

const SESSION_CHECK_INTERVAL_MS = 15_000;

/** The Hocuspocus server at /collab, with Plenary's extensions, on our own HTTP server. */
export class CollabServer {
  readonly hocuspocus: Hocuspocus;
  private readonly websockets: WebSocketServer;
  private readonly projection: DraftProjection;
  private readonly persistence: PersistenceExtension;
  private readonly reauthorizer: Reauthorizer;
  private readonly sessionCheck: NodeJS.Timeout;

  constructor(private readonly deps: CollabDeps) {
    const policy = new DocumentAccessPolicy(deps.groups, deps.drafts);
    this.projection = new DraftProjection(deps.drafts);
    this.persistence = new PersistenceExtension(deps.documents, deps.logger);
    this.hocuspocus = new Hocuspocus({
      quiet: true,
      // Every update is already durable when applied; the store hook only compacts.
      debounce: 5_000,
      maxDebounce: 30_000,
      extensions: [
        new AuthorizationExtension(deps.sessions, policy, deps.logger),
        this.persistence,
        this.projection,
        new PresenceExtension(),
      ],
    });
    this.projection.attach(this.hocuspocus);
    this.reauthorizer = new Reauthorizer(this.hocuspocus, deps.sessions, deps.users, deps.drafts, policy, deps.logger);
    this.websockets = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxFrameBytes });
    this.sessionCheck = setInterval(() => this.reauthorizer.all(), SESSION_CHECK_INTERVAL_MS);
    this.sessionCheck.unref();
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
    this.websockets.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
    return true;
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    const webRequest = new Request(`http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`, { headers });
    const client = this.hocuspocus.handleConnection(ws, webRequest);
    ws.on("message", (data, isBinary) => {
      if (!isBinary) {
        ws.close(CloseCodes.malformedMessage.code, CloseCodes.malformedMessage.reason);
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      try {
        client.handleMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (error) {
        this.deps.logger.warn("message could not be handled, closing socket", { error: String(error) });
        ws.close(CloseCodes.malformedMessage.code, CloseCodes.malformedMessage.reason);
      }
    });
    ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
    ws.on("error", (error) => {
      const close = error.message.includes("Max payload") ? CloseCodes.frameTooLarge : CloseCodes.malformedMessage;
      this.deps.logger.warn("websocket error", { error: error.message });
      ws.close(close.code, close.reason);
    });
  }

  draftChanged(draftId: string): void {
    this.projection.draftChanged(draftId);
    this.reauthorizer.draft(draftId);
  }

  sessionRevoked(sessionId: string): void {
    this.reauthorizer.sessionEnded(sessionId);
  }

  /** Re-checks every open connection (after membership changes). */
  reauthorizeAll(): void {
    this.reauthorizer.all();
  }

  /** Closes every socket with "server restarting" and compacts what is loaded. */
  async close(): Promise<void> {
    clearInterval(this.sessionCheck);
    for (const document of this.hocuspocus.documents.values()) {
      try {
        this.persistence.compact(document, true);
      } catch (error) {
        this.deps.logger.warn("compaction on shutdown failed; the log still holds everything", {
          document: document.name,
          error: String(error),
        });
      }
    }
    for (const ws of this.websockets.clients) {
      ws.close(CloseCodes.serverRestarting.code, CloseCodes.serverRestarting.reason);
    }
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
