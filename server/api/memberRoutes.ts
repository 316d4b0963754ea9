import { Hono } from "hono";
import { Actions, type Actor, can, canAssignRole } from "../../shared/permissions.ts";
import { AuditQuery, ChangeRoleRequest, CreateGroupRequest, InviteRequest } from "../../shared/schemas.ts";
import type { CreatedResponse, InvitationCreated } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { actorIn } from "./access.ts";
import { auditBy } from "./auditOf.ts";
import { authenticate } from "./authenticate.ts";
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
    const { invitation, token } = deps.invitations.create({
      groupId,
      email: body.email,
      role: body.role,
      invitedBy: user.id,
      ttlMs: deps.invitationTtlMs,
    });
    const url = `${new URL(c.req.url).origin}/invitations/${token}`;
    deps.audit.append(auditBy(user, groupId, "member.invite", invitation.id, { email: body.email, role: body.role }));
    // No mail server: the inviter passes the link on; it is also in the server log.
    deps.logger.info("invitation created", { groupId, email: body.email, role: body.role, url });
    return c.json({ id: invitation.id, url, token, expiresAt: invitation.expiresAt } satisfies InvitationCreated, 201);
  });

  app.patch("/groups/:groupId/members/:userId", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can change roles.");
    const body = await readBody(c, ChangeRoleRequest);
    const current = deps.groups.roleOf(groupId, memberId);
    if (current === null) throw ApiError.notFound("Member");
    if (!canAssignRole(actor, current) || !canAssignRole(actor, body.role)) {
      throw ApiError.forbidden("Only the site administrator appoints or removes leads.");
    }
    if (current === "lead" && body.role !== "lead" && deps.groups.countLeads(groupId) <= 1) {
      throw new ApiError(409, "conflict", "A working group needs at least one lead: appoint another lead first.");
    }
    if (current === body.role) return c.json({ userId: memberId, role: body.role });
    const touched = body.role === "observer" ? deps.drafts.dropPenholder(groupId, memberId) : [];
    deps.groups.setMember(groupId, memberId, body.role);
    deps.audit.append(
      auditBy(user, groupId, "member.role", memberId, {
        from: current,
        to: body.role,
        ...(touched.length > 0 && { penholderRemovedFromDrafts: touched }),
      }),
    );
    for (const draftId of touched) deps.collab.draftChanged(draftId);
    deps.collab.reauthorizeAll();
    return c.json({ userId: memberId, role: body.role });
  });

  app.delete("/groups/:groupId/members/:userId", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const actor = groupFor(user, groupId);
    if (!can(actor, Actions.manageMembers)) throw ApiError.forbidden("Only the group's leads can remove members.");
    const current = deps.groups.roleOf(groupId, memberId);
    if (current === null) throw ApiError.notFound("Member");
    if (!canAssignRole(actor, current)) throw ApiError.forbidden("Only the site administrator removes leads.");
    if (current === "lead" && deps.groups.countLeads(groupId) <= 1) {
      throw new ApiError(409, "conflict", "A working group needs at least one lead: appoint another lead first.");
    }
    const touched = deps.drafts.dropPenholder(groupId, memberId);
    deps.groups.removeMember(groupId, memberId);
    deps.audit.append(auditBy(user, groupId, "member.remove", memberId, { role: current }));
    for (const draftId of touched) deps.collab.draftChanged(draftId);
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
