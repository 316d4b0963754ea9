import type { connectedPayload, Extension, onAuthenticatePayload, onDisconnectPayload } from "@hocuspocus/server";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { CollabParams } from "../../shared/collabProtocol.ts";
import { EDITOR_SCHEMA_VERSION } from "../../shared/editorVersion.ts";
import { sessionTokenFromCookieHeader } from "../auth/sessionCookie.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { type CollabContext, isCollabContext, isSocketContext } from "./CollabContext.ts";
import type { CollabLimits } from "./CollabLimits.ts";
import type { DocumentAccessPolicy } from "./DocumentAccess.ts";
import type { SocketRegistry } from "./SocketRegistry.ts";

type SessionStore = Stores["sessions"];

/**
 * Authenticates every document a socket asks for, with the session token the
 * provider sends, or — when it sends an empty token — the session cookie of the
 * upgrade request (browsers: the cookie is httpOnly, scripts never see it).
 * Bad session, unknown document and "not yours" all get the same refusal.
 * A socket belongs to the first user it authenticates as; it cannot switch.
 */
export class AuthorizationExtension implements Extension {
  extensionName = "Authorization";
  priority = 1000;

  constructor(
    private readonly sessions: SessionStore,
    private readonly policy: DocumentAccessPolicy,
    private readonly registry: SocketRegistry,
    private readonly limits: CollabLimits,
    private readonly logger: Logger,
  ) {}

  async onAuthenticate({
    token,
    documentName,
    requestHeaders,
    connectionConfig,
    context,
    requestParameters,
  }: onAuthenticatePayload): Promise<CollabContext> {
    if (!isSocketContext(context)) throw refusal();
    const { socket } = context;
    // Browser clients announce their editor schema; an older tab must reload
    // rather than write nodes the current editor cannot read.
    const editorVersion = requestParameters.get(CollabParams.editorVersion);
    if (editorVersion !== null && !(Number(editorVersion) >= EDITOR_SCHEMA_VERSION)) {
      socket.ws.close(CloseCodes.editorOutdated.code, CloseCodes.editorOutdated.reason);
      throw refusal();
    }
    const effectiveToken = token || sessionTokenFromCookieHeader(requestHeaders.get("cookie"));
    let auth: Awaited<ReturnType<SessionStore["authenticate"]>>;
    let access: Awaited<ReturnType<DocumentAccessPolicy["accessTo"]>>;
    try {
      auth = effectiveToken ? await this.sessions.authenticate(effectiveToken) : null;
      access = auth ? await this.policy.accessTo(auth.user, documentName) : "none";
    } catch (error) {
      // The database did not answer: not a refusal (the page would give up),
      // a close the client retries after.
      this.logger.error("could not check a session or its rights", { error: String(error) });
      socket.ws.close(CloseCodes.storageUnavailable.code, CloseCodes.storageUnavailable.reason);
      throw refusal();
    }
    if (!auth || access === "none" || (socket.userId !== null && socket.userId !== auth.user.id)) {
      this.logger.info("document refused", { documentName: documentName.slice(0, 100), userId: auth?.user.id });
      throw refusal();
    }
    if (socket.documents >= this.limits.maxDocumentsPerSocket) {
      socket.ws.close(CloseCodes.tooManyDocuments.code, CloseCodes.tooManyDocuments.reason);
      throw refusal();
    }
    if (!this.registry.bind(socket, auth.user.id, this.limits.maxConnectionsPerUser)) {
      socket.ws.close(CloseCodes.tooManyConnections.code, CloseCodes.tooManyConnections.reason);
      throw refusal();
    }
    socket.documents += 1;
    connectionConfig.readOnly = access !== "write";
    return { socket, user: auth.user, sessionId: auth.session.id };
  }

  /**
   * One connection per document per socket. A provider renewing its session
   * opens the document again under a new session id before the old one is
   * gone; the newer connection replaces the older, which is closed. So one
   * socket never holds a document twice (a second presence, a second share of
   * the limits) however many session ids it makes up.
   */
  async connected({ connection, documentName, context }: connectedPayload): Promise<void> {
    if (!isCollabContext(context)) return;
    const { connections } = context.socket;
    const previous = connections.get(documentName);
    connections.set(documentName, connection);
    connection.onClose(() => {
      if (connections.get(documentName) === connection) connections.delete(documentName);
    });
    if (previous && previous !== connection) previous.close(REPLACED);
  }

  async onDisconnect({ context }: onDisconnectPayload): Promise<void> {
    if (isCollabContext(context)) context.socket.documents = Math.max(0, context.socket.documents - 1);
  }
}

const REPLACED = { code: 1000, reason: "Replaced by a newer connection to the same document" };

/**
 * The one refusal every cause gets: the provider reports "permission-denied".
 * The message is empty because Hocuspocus prints every hook error that has
 * one, and refusals are the client's doing, not the server's problem.
 */
function refusal(): Error {
  return Object.assign(new Error(""), { reason: "permission-denied" });
}
