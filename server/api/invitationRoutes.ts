import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { AcceptInvitationRequest } from "../../shared/schemas.ts";
import type { InvitationPreview, SessionResponse } from "../../shared/types.ts";
import { hashPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { auditBy } from "./auditOf.ts";
import { assertSameOrigin } from "./authenticate.ts";
import { readBody } from "./validate.ts";

const UNUSABLE =
  "This invitation link is invalid, expired or already used. Ask the person who invited you for a new one.";

/** Invitation links: anyone holding the token may look at it and accept it, once. */
export function invitationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/invitations/:token", (c) => {
    const invitation = deps.invitations.findUsable(c.req.param("token"));
    const group = invitation ? deps.groups.get(invitation.groupId) : null;
    if (!invitation || !group) throw new ApiError(404, "not_found", UNUSABLE);
    const preview: InvitationPreview = {
      groupName: group.name,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      accountExists: deps.users.findByEmail(invitation.email) !== null,
    };
    return c.json(preview);
  });

  app.post("/invitations/:token/accept", async (c) => {
    assertSameOrigin(c);
    const invitation = deps.invitations.findUsable(c.req.param("token"));
    if (!invitation) throw new ApiError(404, "not_found", UNUSABLE);
    const body = await readBody(c, AcceptInvitationRequest);
    const existing = deps.users.findByEmail(invitation.email);

    if (existing) {
      // The account exists: only its owner, signed in, may accept on its behalf.
      const token = bearer(c.req.header("authorization")) ?? getCookie(c, SESSION_COOKIE) ?? "";
      const auth = deps.sessions.authenticate(token);
      if (!auth || auth.user.id !== existing.user.id) {
        throw ApiError.unauthorized(`Sign in as ${invitation.email} first, then open the invitation link again.`);
      }
      const accepted = deps.db.transaction(() => {
        if (!deps.invitations.markUsed(invitation.id, existing.user.id)) return false;
        deps.groups.setMember(invitation.groupId, existing.user.id, invitation.role);
        deps.audit.append(
          auditBy(existing.user, invitation.groupId, "member.join", existing.user.id, {
            role: invitation.role,
            invitationId: invitation.id,
          }),
        );
        return true;
      })();
      if (!accepted) throw new ApiError(404, "not_found", UNUSABLE);
      deps.collab.reauthorizeAll();
      return c.json({ groupId: invitation.groupId });
    }

    if (!("password" in body)) {
      throw ApiError.badRequest("Invalid request: name, delegation and password are needed to create your account.");
    }
    if (!deps.users.delegationExists(body.delegation)) {
      throw ApiError.badRequest(`delegation ${body.delegation} is not known; pick one from the list.`);
    }
    const passwordHash = await hashPassword(body.password);
    const created = deps.db.transaction(() => {
      // Re-checked here: another accept of this link may have completed while
      // the password was being hashed.
      if (!deps.invitations.findUsable(c.req.param("token")) || deps.users.findByEmail(invitation.email)) {
        throw new ApiError(404, "not_found", UNUSABLE);
      }
      const user = deps.users.create({
        email: invitation.email,
        name: body.name,
        delegation: body.delegation,
        passwordHash,
      });
      if (!deps.invitations.markUsed(invitation.id, user.id)) throw new ApiError(404, "not_found", UNUSABLE);
      deps.groups.setMember(invitation.groupId, user.id, invitation.role);
      deps.audit.append(
        auditBy(user, invitation.groupId, "member.join", user.id, {
          role: invitation.role,
          invitationId: invitation.id,
        }),
      );
      return user;
    })();
    const { token } = deps.sessions.create(created.id);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
      maxAge: Math.floor(deps.sessionTtlMs / 1000),
    });
    return c.json({ token, user: created } satisfies SessionResponse, 201);
  });

  return app;
}

function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}
