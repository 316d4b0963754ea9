import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { AcceptInvitationRequest } from "../../shared/schemas.ts";
import type { NewcomerAccepted } from "../../shared/types.ts";
import { hashPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
import { UNUSABLE_INVITATION } from "../commands/InvitationCommands.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin, bearerToken } from "./authenticate.ts";
import { setSessionCookie } from "./sessionRoutes.ts";
import { readBody } from "./validate.ts";

/** Invitation links: anyone holding the token may look at it and accept it, once. */
export function invitationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { accounts } = deps.queries;

  app.get("/invitations/:token", async (c) => {
    const preview = await accounts.invitationPreview(c.req.param("token"));
    if (!preview) throw new ApiError(404, "not_found", UNUSABLE_INVITATION);
    return c.json(preview);
  });

  app.post("/invitations/:token/accept", async (c) => {
    assertSameOrigin(c);
    const token = c.req.param("token");
    const invitation = await accounts.invitation(token);
    if (!invitation) throw new ApiError(404, "not_found", UNUSABLE_INVITATION);
    const body = await readBody(c, AcceptInvitationRequest);
    const accountId = await accounts.accountFor(invitation);

    if (accountId !== null) {
      // The account exists: only its owner, signed in, may accept on its behalf.
      const sessionToken = bearerToken(c.req.header("authorization")) ?? getCookie(c, SESSION_COOKIE) ?? "";
      const auth = await accounts.authenticate(sessionToken);
      if (!auth || auth.user.id !== accountId) {
        throw ApiError.unauthorized(`Sign in as ${invitation.email} first, then open the invitation link again.`);
      }
      return c.json((await deps.commands.invitations.acceptAsMember(auth.user, token)).value);
    }

    const { name, password } = body;
    if (name === undefined || password === undefined) {
      throw ApiError.badRequest("Invalid request: your name and a password are needed to create your account.");
    }
    const passwordHash = await hashPassword(password);
    const user = (await deps.commands.invitations.acceptAsNewcomer(token, { name, passwordHash })).value;
    const session = (await deps.commands.sessions.openSession(user)).value.token;
    setSessionCookie(c, session, deps.sessionTtlMs);
    return c.json({ token: session, user, groupId: invitation.groupId } satisfies NewcomerAccepted, 201);
  });

  return app;
}
