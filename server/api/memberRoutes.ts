import { Hono } from "hono";
import {
  AuditQuery,
  ChangeRoleRequest,
  CreateGroupRequest,
  InviteRequest,
  MemberChangePreviewQuery,
} from "../../shared/schemas.ts";
import type { InvitationCreated } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId, readQuery } from "./validate.ts";

/** Working groups, memberships, invitations and the audit log. */
export function memberRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));
  const { membership, invitations } = deps.commands;

  app.post("/groups", async (c) => {
    const body = await readBody(c, CreateGroupRequest);
    return c.json((await membership.createGroup(c.get("auth").user, body)).value, 201);
  });

  app.post("/groups/:groupId/invitations", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    const body = await readBody(c, InviteRequest);
    const { invitation, token } = (await invitations.invite(c.get("auth").user, { groupId, ...body })).value;
    const url = `${new URL(c.req.url).origin}/invitations/${token}`;
    // No mail server: the inviter passes the link on; it is also in the server log.
    deps.logger.info("invitation created", { groupId, email: body.email, role: body.role, url });
    return c.json({ id: invitation.id, url, token, expiresAt: invitation.expiresAt } satisfies InvitationCreated, 201);
  });

  app.get("/groups/:groupId/invitations", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    return c.json(await deps.queries.membership.invitations(c.get("auth").user, groupId));
  });

  app.delete("/invitations/:invitationId", async (c) => {
    await invitations.revoke(c.get("auth").user, { invitationId: readId(c, "invitationId", "Invitation") });
    return c.body(null, 204);
  });

  app.get("/groups/:groupId/members/:userId/preview", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const to = readQuery(c, MemberChangePreviewQuery).role ?? null;
    return c.json(await deps.queries.membership.preview(c.get("auth").user, { groupId, memberId, to }));
  });

  app.patch("/groups/:groupId/members/:userId", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    const { role } = await readBody(c, ChangeRoleRequest);
    return c.json((await membership.changeRole(c.get("auth").user, { groupId, memberId, role })).value);
  });

  app.delete("/groups/:groupId/members/:userId", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    const memberId = readId(c, "userId", "Member");
    await membership.removeMember(c.get("auth").user, { groupId, memberId });
    return c.body(null, 204);
  });

  app.get("/groups/:groupId/audit", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    return c.json(await deps.queries.groups.auditOf(c.get("auth").user, groupId, readQuery(c, AuditQuery)));
  });

  app.get("/audit", async (c) =>
    c.json(await deps.queries.groups.siteAudit(c.get("auth").user, readQuery(c, AuditQuery))),
  );

  return app;
}
