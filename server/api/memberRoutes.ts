import { Hono } from "hono";
import { invitationValid } from "../../shared/membershipChange.ts";
import { Actions, type Actor, can, canAssignRole, canChangeRole, canInviteFor } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import {
  AuditQuery,
  ChangeRoleRequest,
  CreateGroupRequest,
  InviteRequest,
  MemberChangePreviewQuery,
} from "../../shared/schemas.ts";
import type {
  CreatedResponse,
  DelegationInfo,
  InvitationCreated,
  InvitationSummary,
  MemberChangePreview,
  User,
} from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { actorIn } from "./access.ts";
import { auditBy } from "./auditOf.ts";
import { authenticate } from "./authenticate.ts";
import { applyMemberChange, planMemberChange } from "./memberChange.ts";
import { readBody, readId, readQuery } from "./validate.ts";

/** Working groups, memberships, invitations and the audit log. */
export function memberRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.sessions));

  /** The group and the caller's actor in it; 404 for outsiders, whether or not it exists. */
  const groupFor = (user: Parameters<typeof actorIn>[1], groupId: string): Actor => {
    const group = deps.groups.get(groupId);
    const actor = actorIn(deps.groups, user, groupId);
    if (!group || !can(actor, Actions.viewGroup)) throw ApiError.notFound("Working group");
    return actor;
  };

  app.post("/groups", async (c) => {
    const { user } = c.get("auth");
    if (!can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer)) {
      throw ApiError.forbidden("Only the site administrator creates working groups.");
    }
    const body = await readBody(c, CreateGroupRequest);
    const group = deps.groups.create(body.name);
    deps.audit.append(auditBy(user, group.id, "group.create", group.id, { name: body.name }));
    return c.json({ id: group.id } satisfies CreatedResponse, 201);
  });

  app.post("/groups/:groupId/invitations", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can invite people.");
    const body = await readBody(c, InviteRequest);
    if (!canAssignRole(actor, body.role)) {
      throw ApiError.forbidden("Only the site administrator appoints leads.");
    }
    const existing = deps.users.findByEmail(body.email);
    if (existing && deps.groups.roleOf(groupId, existing.user.id) !== null) {
      throw new ApiError(
        409,
        "conflict",
        `${body.email} is already a member of this group; change their role instead.`,
      );
    }
    const delegation = invitedDelegation(existing?.user ?? null, body.delegation);
    const inGroup = deps.groups.members(groupId).map((member) => member.delegation);
    if (!canInviteFor(actor, body.role, delegation, inGroup)) {
      throw ApiError.forbidden(
        delegation.kind === "secretariat"
          ? `Only the site administrator invites people of the secretariat (${delegation.code}).`
          : `Leads invite only for delegations already in the group, and ${delegation.code} is not; ask the site administrator to invite a new delegation.`,
      );
    }
    const { invitation, token } = deps.db.transaction(() => {
      const created = deps.invitations.create({
        groupId,
        email: body.email,
        role: body.role,
        delegation: delegation.code,
        invitedBy: user.id,
        ttlMs: deps.invitationTtlMs,
      });
      deps.audit.append(
        auditBy(user, groupId, "member.invite", created.invitation.id, {
          email: body.email,
          role: body.role,
          delegation: delegation.code,
        }),
      );
      return created;
    })();
    const url = `${new URL(c.req.url).origin}/invitations/${token}`;
    // No mail server: the inviter passes the link on; it is also in the server log.
    deps.logger.info("invitation created", { groupId, email: body.email, role: body.role, url });
    return c.json({ id: invitation.id, url, token, expiresAt: invitation.expiresAt } satisfies InvitationCreated, 201);
  });

  /** The delegation an invitation is for: the account's own, or the one the inviter names for a new account. */
  const invitedDelegation = (account: User | null, named: string | undefined): DelegationInfo => {
    if (account) {
      if (named !== undefined && named !== account.delegation) {
        throw new ApiError(
          409,
          "conflict",
          `${account.email} already has an account, in delegation ${account.delegation}; only the site administrator changes a delegation.`,
        );
      }
      const own = deps.delegations.get(account.delegation);
      if (!own) throw ApiError.badRequest(`delegation ${account.delegation} is not known.`);
      return own;
    }
    if (named === undefined) {
      throw ApiError.badRequest("Invalid request: delegation is required for someone who has no account yet.");
    }
    const found = deps.delegations.get(named);
    if (!found) throw ApiError.badRequest(`delegation ${named} is not known; pick one from the list.`);
    return found;
  };

  app.get("/groups/:groupId/invitations", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can see its invitations.");
    // An invitation whose inviter could no longer make it reads as invalidated,
    // whatever made it so: accepting it would be refused.
    const members = deps.groups.members(groupId);
    const stale = new Set(
      deps.invitations
        .pendingForGroup(groupId)
        .filter((invitation) => !invitationValid(invitation, members))
        .map((invitation) => invitation.id),
    );
    const list = deps.invitations
      .listForGroup(groupId)
      .map((invitation) => (stale.has(invitation.id) ? { ...invitation, status: "invalidated" as const } : invitation));
    return c.json(list satisfies InvitationSummary[]);
  });

  app.delete("/invitations/:invitationId", (c) => {
    const { user } = c.get("auth");
    const invitationId = readId(c, "invitationId", "Invitation");
    const invitation = deps.invitations.get(invitationId);
    if (!invitation) throw ApiError.notFound("Invitation");
    const actor = actorIn(deps.groups, user, invitation.groupId);
    if (!can(actor, Actions.viewGroup)) throw ApiError.notFound("Invitation");
    if (invitation.invitedBy !== user.id && !can(actor, Actions.manageMembers)) {
      throw ApiError.forbidden(
        "Only the person who sent an invitation, the group's leads or the site administrator can revoke it.",
      );
    }
    const revoked = deps.db.transaction(() => {
      if (!deps.invitations.revoke(invitationId, user.id)) return false;
      deps.audit.append(
        auditBy(user, invitation.groupId, "invitation.revoke", invitationId, {
          email: invitation.email,
          role: invitation.role,
        }),
      );
      return true;
    })();
    if (!revoked) {
      throw new ApiError(
        409,
        "conflict",
        `This invitation is already ${invitation.status}; there is nothing to revoke.`,
      );
    }
    return c.body(null, 204);
  });

  /** The member, their current role, and the plan for moving them to `to` (null: removal). */
  const memberChange = (groupId: string, memberId: string, to: Role | null) => {
    const from = deps.groups.roleOf(groupId, memberId);
    const member = deps.users.findById(memberId);
    if (from === null || !member) throw ApiError.notFound("Member");
    const subject = { userId: member.id, email: member.email, delegation: member.delegation };
    return { from, member, subject, plan: planMemberChange(deps, groupId, subject, from, to) };
  };

  const assertMayChange = (actor: Actor, from: Role, to: Role | null) => {
    if (!canChangeRole(actor, from, to)) {
      throw ApiError.forbidden(
        to === null
          ? "Only the site administrator removes leads."
          : "Only the site administrator appoints or removes leads.",
      );
    }
  };

  app.get("/groups/:groupId/members/:userId/preview", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can change roles.");
    const query = readQuery(c, MemberChangePreviewQuery);
    const to = query.role ?? null;
    const { from, member, plan } = memberChange(groupId, memberId, to);
    assertMayChange(actor, from, to);
    const preview: MemberChangePreview = {
      userId: member.id,
      name: member.name,
      delegation: member.delegation,
      from,
      to,
      refusal: plan.ok ? null : plan.message,
      effects: plan.ok ? plan.effects : [],
    };
    return c.json(preview);
  });

  app.patch("/groups/:groupId/members/:userId", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can change roles.");
    const body = await readBody(c, ChangeRoleRequest);
    const result = deps.db.transaction(() => {
      const { from, subject, plan } = memberChange(groupId, memberId, body.role);
      assertMayChange(actor, from, body.role);
      if (!plan.ok) throw new ApiError(409, "conflict", plan.message);
      if (from === body.role) return { touchedDrafts: [] as string[], effects: [] };
      const applied = applyMemberChange(deps, {
        by: user,
        groupId,
        subject,
        from,
        to: body.role,
        effects: plan.effects,
        action: "member.role",
      });
      return { ...applied, effects: plan.effects };
    })();
    for (const draftId of result.touchedDrafts) deps.collab.draftChanged(draftId);
    deps.collab.reauthorizeAll();
    return c.json({ userId: memberId, role: body.role, effects: result.effects });
  });

  app.delete("/groups/:groupId/members/:userId", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can remove members.");
    const { touchedDrafts } = deps.db.transaction(() => {
      const { from, subject, plan } = memberChange(groupId, memberId, null);
      assertMayChange(actor, from, null);
      if (!plan.ok) throw new ApiError(409, "conflict", plan.message);
      return applyMemberChange(deps, {
        by: user,
        groupId,
        subject,
        from,
        to: null,
        effects: plan.effects,
        action: "member.remove",
      });
    })();
    for (const draftId of touchedDrafts) deps.collab.draftChanged(draftId);
    // Their open documents of this group close now; reopening is refused.
    deps.collab.reauthorizeAll();
    return c.body(null, 204);
  });

  app.get("/groups/:groupId/audit", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.viewAudit)) throw ApiError.forbidden("Only the group's leads can read its audit log.");
    const query = readQuery(c, AuditQuery);
    return c.json(
      deps.audit.list({
        groupId,
        limit: query.limit,
        ...(query.action && { action: query.action }),
        ...(query.actor && { actorId: query.actor }),
        ...(query.target && { target: query.target }),
        ...(query.before && { before: query.before }),
      }),
    );
  });

  app.get("/audit", (c) => {
    const { user } = c.get("auth");
    if (!user.isAdmin) throw ApiError.forbidden("Only the site administrator reads the whole audit log.");
    const query = readQuery(c, AuditQuery);
    return c.json(
      deps.audit.list({
        groupId: null,
        limit: query.limit,
        ...(query.action && { action: query.action }),
        ...(query.actor && { actorId: query.actor }),
        ...(query.target && { target: query.target }),
        ...(query.before && { before: query.before }),
      }),
    );
  });

  return app;
}
