import { type Connection, type Document, type Hocuspocus, OutgoingMessage } from "@hocuspocus/server";
import { removeAwarenessStates } from "y-protocols/awareness";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { draftDocumentName, parseDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import type { User } from "../../shared/types.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { isCollabContext } from "./CollabContext.ts";
import type { ConnectionIndex } from "./ConnectionIndex.ts";
import { closeSocket } from "./closeSocket.ts";
import { type AccessFacts, type DocumentAccessPolicy, remembered } from "./DocumentAccess.ts";

type UserStore = Stores["users"];
type SessionStore = Stores["sessions"];
type DraftStore = Stores["drafts"];

/** What one pass over many connections reads, each fact once (`DocumentAccessPolicy.factsForOnePass`). */
interface Pass {
  isLive(sessionId: string): Promise<boolean>;
  user(userId: string): Promise<User | null>;
  facts: AccessFacts;
  /** Connections checked so far. */
  checked: number;
}

/**
 * SQLite answers at once, so a pass over hundreds of connections would run
 * as one unbroken chain of promises: nobody's typing would be relayed until
 * it ended. Every few connections the pass lets the event loop go round.
 */
const CONNECTIONS_PER_TURN = 16;

/**
 * Re-evaluates open connections after rights change, without the client
 * reconnecting: a connection that gains or loses write access has its
 * read-only flag flipped and is told its new scope; one that loses all access,
 * or whose session ended, has its socket closed.
 */
export class Reauthorizer {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly connections: ConnectionIndex,
    private readonly sessions: SessionStore,
    private readonly users: UserStore,
    private readonly drafts: DraftStore,
    private readonly policy: DocumentAccessPolicy,
    private readonly logger: Logger,
    private readonly onScopeChanged: (document: Document) => void,
  ) {}

  /** Every connection of one user (their role or membership changed). */
  async user(userId: string): Promise<void> {
    const pass = this.pass();
    for (const connection of this.connections.connectionsOf(userId))
      await this.connection(connection.document, connection, pass);
  }

  /**
   * The connections to one section document; only those of `userIds` when
   * given (the people who gained or lost its pen).
   */
  async section(sectionId: string, userIds?: readonly string[]): Promise<void> {
    const document = this.hocuspocus.documents.get(sectionDocumentName(sectionId));
    if (!document) return;
    const only = userIds ? new Set(userIds) : null;
    const pass = this.pass();
    for (const connection of document.getConnections()) {
      if (only && !(isCollabContext(connection.context) && only.has(connection.context.user.id))) continue;
      await this.connection(document, connection, pass);
    }
  }

  /** Every loaded document of a draft: its control document and its sections. */
  async draft(draftId: string): Promise<void> {
    const draft = await this.drafts.get(draftId);
    const names = [draftDocumentName(draftId), ...(draft?.sections ?? []).map((s) => sectionDocumentName(s.id))];
    const pass = this.pass();
    for (const name of names) {
      const document = this.hocuspocus.documents.get(name);
      if (!document) continue;
      for (const connection of document.getConnections()) await this.connection(document, connection, pass);
    }
  }

  /** Every open connection: only for changes that concern many people at once. */
  async all(): Promise<void> {
    const pass = this.pass();
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) await this.connection(document, connection, pass);
    }
  }

  /** One connection, just opened: its rights may have changed while its document was loading. */
  opened(connection: Connection): void {
    this.connection(connection.document, connection, this.pass()).catch((error: unknown) =>
      this.logger.warn("could not re-check a connection just opened", { error: String(error) }),
    );
  }

  /** Closes the sockets of one session, wherever they are (when its user is not known). */
  sessionRevokedAnywhere(sessionId: string): void {
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        if (isCollabContext(connection.context) && connection.context.sessionId === sessionId) {
          closeSocket(connection, CloseCodes.sessionEnded);
        }
      }
    }
  }

  /** Closes the sockets of sessions that expired or were revoked elsewhere. */
  async checkSessions(): Promise<void> {
    const live = new Map<string, boolean>();
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        if (!isCollabContext(connection.context)) continue;
        const { sessionId } = connection.context;
        let isLive = live.get(sessionId);
        if (isLive === undefined) {
          isLive = await this.sessions.isLive(sessionId);
          live.set(sessionId, isLive);
        }
        if (!isLive) closeSocket(connection, CloseCodes.sessionEnded);
      }
    }
  }

  /** Closes every socket that carries a connection of this session. */
  sessionEnded(userId: string, sessionId: string): void {
    for (const connection of this.connections.connectionsOf(userId)) {
      if (isCollabContext(connection.context) && connection.context.sessionId === sessionId) {
        closeSocket(connection, CloseCodes.sessionEnded);
      }
    }
  }

  private pass(): Pass {
    return {
      isLive: remembered((sessionId) => this.sessions.isLive(sessionId)),
      user: remembered(async (userId) => (await this.users.findById(userId)) ?? null),
      facts: this.policy.factsForOnePass(),
      checked: 0,
    };
  }

  private async stillReadsDraftOf(user: User, documentName: string, pass: Pass): Promise<boolean> {
    const id = sectionId(documentName);
    const located = id ? await pass.facts.locateSection(id) : null;
    return (
      located !== null && (await this.policy.accessTo(user, draftDocumentName(located.draftId), pass.facts)) !== "none"
    );
  }

  private async connection(document: Document, connection: Connection, pass: Pass): Promise<void> {
    pass.checked += 1;
    if (pass.checked % CONNECTIONS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const context = connection.context;
    if (!isCollabContext(context)) return;
    if (!(await pass.isLive(context.sessionId))) {
      closeSocket(connection, CloseCodes.sessionEnded);
      return;
    }
    const user = await pass.user(context.user.id);
    const access = user ? await this.policy.accessTo(user, document.name, pass.facts) : "none";
    if (access === "none") {
      this.logger.info("access revoked", { userId: context.user.id, document: document.name });
      // A removed section closes just that document; losing the draft (removal
      // from the group) closes the socket, which carries only that draft.
      if (user && (await this.stillReadsDraftOf(user, document.name, pass))) connection.close(CloseCodes.accessRevoked);
      else closeSocket(connection, CloseCodes.accessRevoked);
      return;
    }
    const readOnly = access !== "write";
    if (readOnly === connection.readOnly) return;
    connection.readOnly = readOnly;
    if (readOnly) {
      // Someone without the pen shows no caret: drop what this connection had set.
      const clients = document.connections.get(connection)?.clients;
      if (clients && clients.size > 0) removeAwarenessStates(document.awareness, [...clients], null);
    }
    this.onScopeChanged(document);
    // The same message that ends authentication carries the scope; sending it
    // again updates the provider's authorizedScope in place.
    connection.send(new OutgoingMessage(connection.messageAddress).writeAuthenticated(readOnly).toUint8Array());
  }
}

function sectionId(documentName: string): string | null {
  const ref = parseDocumentName(documentName);
  return ref?.kind === "section" ? ref.id : null;
}
