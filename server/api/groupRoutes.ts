import { Hono } from "hono";
import { Actions, can } from "../../shared/permissions.ts";
import { CreateDraftRequest } from "../../shared/schemas.ts";
import type { CreatedResponse, GroupDetail } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { actorIn } from "./access.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

export const FIRST_SECTION_TITLE = "Introduction";

export function groupRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.sessions));

  app.get("/groups", (c) => {
    const { user } = c.get("auth");
    return c.json(deps.groups.listForUser(user.id, user.isAdmin));
  });

  app.get("/groups/:groupId", (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const group = deps.groups.get(groupId);
    const actor = actorIn(deps.groups, user, groupId);
    // Outsiders get the same answer whether or not the group exists.
    if (!group || !can(actor, Actions.viewGroup)) throw ApiError.notFound("Working group");
    const detail: GroupDetail = {
      id: group.id,
      name: group.name,
      role: actor.role ?? "lead",
      members: deps.groups.members(groupId),
      drafts: deps.drafts.listForGroup(groupId),
    };
    return c.json(detail);
  });

  app.post("/groups/:groupId/drafts", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const group = deps.groups.get(groupId);
    const actor = actorIn(deps.groups, user, groupId);
    if (!group || !can(actor, Actions.viewGroup)) throw ApiError.notFound("Working group");
    if (!can(actor, Actions.createDraft)) throw ApiError.forbidden("Only the group's leads can create drafts.");
    const body = await readBody(c, CreateDraftRequest);
    const { draftId, sectionId } = deps.drafts.createDraft(groupId, body.title, FIRST_SECTION_TITLE);
    deps.audit.append({
      actorId: user.id,
      actorDelegation: user.delegation,
      groupId,
      action: "draft.create",
      target: draftId,
      details: { title: body.title, sectionId },
    });
    deps.collab.draftChanged(draftId);
    return c.json({ id: draftId } satisfies CreatedResponse, 201);
  });

  return app;
}
