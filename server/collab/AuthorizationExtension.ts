import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { sessionTokenFromCookieHeader } from "../auth/sessionCookie.ts";
import type { Logger } from "../logger.ts";
import type { SessionStore } from "../storage/SessionStore.ts";
import type { CollabContext } from "./CollabContext.ts";
import type { DocumentAccessPolicy } from "./DocumentAccess.ts";

/**
 * Authenticates every document a socket asks for, with the session token the
 * provider sends, or — when it sends an empty token — the session cookie of the
 * upgrade request (browsers: the cookie is httpOnly, scripts never see it).
 * Bad session, unknown document and "not yours" all get the same refusal.
 */
export class AuthorizationExtension implements Extension {
  extensionName = "Authorization";
  priority = 1000;

  constructor(
    private readonly sessions: SessionStore,
    private readonly policy: DocumentAccessPolicy,
    private readonly logger: Logger,
  ) {}

  async onAuthenticate({
    token,
    documentName,
    requestHeaders,
    connectionConfig,
  }: onAuthenticatePayload): Promise<CollabContext> {
    const effectiveToken = token || sessionTokenFromCookieHeader(requestHeaders.get("cookie"));
    const auth = effectiveToken ? this.sessions.authenticate(effectiveToken) : null;
    const access = auth ? this.policy.accessTo(auth.user, documentName) : "none";
    if (!auth || access === "none") {
      this.logger.info("document refused", { documentName: documentName.slice(0, 100), userId: auth?.user.id });
      // No reason: the provider reports "permission-denied" whatever the cause.
      throw new Error("permission-denied");
    }
    connectionConfig.readOnly = access !== "write";
    return { user: auth.user, sessionId: auth.session.id };
  }
}
