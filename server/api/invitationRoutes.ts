import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { invitationValid } from "../../shared/membershipChange.ts";
import { canChangeRole } from "../../shared/permissions.ts";
import { AcceptInvitationRequest } from "../../shared/schemas.ts";
import type { InvitationPreview, SessionResponse, User } from "../../shared/types.ts";
import { hashPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE, sessionCookieOptions } from "../auth/sessionCookie.ts";
import type { Invitation } from "../storage/InvitationStore.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin } from "./authenticate.ts";
import { applyMemberChange, planMemberChange } from "./memberChange.ts";
import { readBody } from "./validate.ts";

const UNUSABLE =
  "This invitation link is invalid, expired, revoked or already used. Ask the person who invited you for a new one.";

/** Invitation links: anyone holding the token may look at it and accept it, once. */
export function invitationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/invitations/:token", (c) => {
    const invitation = deps.invitations.findUsable(c.req.param("token"));
    const group = invitation ? deps.groups.get(invitation.groupId) : null;
    if (!invitation || !group) throw new ApiError(404, "not_found", UNUSABLE);
    const account = deps.users.findByEmail(invitation.email);
    const code = invitation.delegation ?? account?.user.delegation ?? null;
    const preview: InvitationPreview = {
      groupName: group.name,
      email: invitation.email,
      role: invitation.role,
      delegation: code ? deps.delegations.get(code) : null,
      expiresAt: invitation.expiresAt,
      accountExists: account !== null,
    };
    return c.json(preview);
  });

  /**
   * Accepting is a membership change made on the inviter's authority: the
   * inviter must still be able to make the invitation, and it goes through the
   * same plan as a role change (never the group's last lead, no pen for an
   * observer), in one transaction with marking the link used.
   */
  const join = (invitation: Invitation, user: User, token: string): { touchedDrafts: string[] } => {
    const fresh = deps.invitations.findUsable(token);
    if (!fresh) throw new ApiError(404, "not_found", UNUSABLE);
    const inviter = deps.users.findById(invitation.invitedBy);
    const pending = deps.invitations.pendingForGroup(invitation.groupId).find((p) => p.id === invitation.id);
    const members = deps.groups.members(invitation.groupId);
    if (!inviter || !pending || !invitationValid(pending, members)) {
      throw new ApiError(
        409,
        "conflict",
        "The person who invited you can no longer make this invitation. Ask a lead of the group for a new one.",
      );
    }
    if (invitation.delegation !== null && invitation.delegation !== user.delegation) {
      throw new ApiError(
        409,
        "conflict",
        `This invitation is for delegation ${invitation.delegation}, and your account belongs to ${user.delegation}.`,
      );
    }
    const from = deps.groups.roleOf(invitation.groupId, user.id);
    const inviterActor = {
      userId: inviter.id,
      isAdmin: inviter.isAdmin,
      role: deps.groups.roleOf(invitation.groupId, inviter.id),
    };
    if (from !== null && !canChangeRole(inviterActor, from, invitation.role)) {
      throw new ApiError(409, "conflict", "The person who invited you cannot change your current role in this group.");
    }
    const subject = { userId: user.id, email: user.email, delegation: user.delegation };
    const plan = planMemberChange(deps, invitation.groupId, subject, from, invitation.role);
    if (!plan.ok) throw new ApiError(409, "conflict", `${plan.message} Your role was not changed.`);
    if (!deps.invitations.markUsed(invitation.id, user.id)) throw new ApiError(404, "not_found", UNUSABLE);
    return applyMemberChange(deps, {
      by: user,
      groupId: invitation.groupId,
      subject,
      from,
      to: invitation.role,
      effects: plan.effects,
      action: from === null ? "member.join" : "member.role",
      details: { role: invitation.role, invitationId: invitation.id, invitedBy: invitation.invitedBy },
    });
  };

  const announce = (touchedDrafts: readonly string[]) => {
    for (const draftId of touchedDrafts) deps.collab.draftChanged(draftId);
    deps.collab.reauthorizeAll();
  };

  app.post("/invitations/:token/accept", async (c) => {
    assertSameOrigin(c);
    const token = c.req.param("token");
    const invitation = deps.invitations.findUsable(token);
    if (!invitation) throw new ApiError(404, "not_found", UNUSABLE);
    const body = await readBody(c, AcceptInvitationRequest);
    const existing = deps.users.findByEmail(invitation.email);

    if (existing) {
      // The account exists: only its owner, signed in, may accept on its behalf.
      const sessionToken = bearer(c.req.header("authorization")) ?? getCookie(c, SESSION_COOKIE) ?? "";
      const auth = deps.sessions.authenticate(sessionToken);
      if (!auth || auth.user.id !== existing.user.id) {
        throw ApiError.unauthorized(`Sign in as ${invitation.email} first, then open the invitation link again.`);
      }
      const { touchedDrafts } = deps.db.transaction(() => join(invitation, existing.user, token))();
      announce(touchedDrafts);
      return c.json({ groupId: invitation.groupId });
    }

    const { name, password } = body;
    if (name === undefined || password === undefined) {
      throw ApiError.badRequest("Invalid request: your name and a password are needed to create your account.");
    }
    const delegation = invitation.delegation;
    if (delegation === null || !deps.delegations.get(delegation)) {
      throw new ApiError(
        409,
        "conflict",
        "This invitation names no delegation. Ask the person who invited you for a new one.",
      );
    }
    const passwordHash = await hashPassword(password);
    const created = deps.db.transaction(() => {
      // Re-checked here: another accept of this link may have completed while
      // the password was being hashed.
      if (!deps.invitations.findUsable(token) || deps.users.findByEmail(invitation.email)) {
        throw new ApiError(404, "not_found", UNUSABLE);
      }
      if (deps.users.nameTaken(delegation, name)) {
        throw new ApiError(
          409,
          "conflict",
          `Someone in ${delegation} already goes by “${name}”. Add a detail that tells you apart, such as your title or unit.`,
        );
      }
      const user = deps.users.create({ email: invitation.email, name, delegation, passwordHash });
      const { touchedDrafts } = join(invitation, user, token);
      return { user, touchedDrafts };
    })();
    announce(created.touchedDrafts);
    const { token: sessionToken } = deps.sessions.create(created.user.id);
    setCookie(c, SESSION_COOKIE, sessionToken, sessionCookieOptions(c.get("client").secureCookies, deps.sessionTtlMs));
    return c.json({ token: sessionToken, user: created.user } satisfies SessionResponse, 201);
  });

  return app;
}

function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}
