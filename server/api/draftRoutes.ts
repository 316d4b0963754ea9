import { Hono } from "hono";
import { Actions, can } from "../../shared/permissions.ts";
import { CreateSectionRequest, PatchSectionRequest } from "../../shared/schemas.ts";
import type { CreatedResponse, SectionMeta } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { actorIn } from "./access.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

export function draftRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.sessions));

  app.get("/drafts/:draftId", (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const draft = deps.drafts.get(draftId);
    if (!draft || !can(actorIn(deps.groups, user, draft.groupId), Actions.viewDraft)) throw ApiError.notFound("Draft");
    return c.json(draft);
  });

  app.post("/drafts/:draftId/sections", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const groupId = deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(deps.groups, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
    if (!can(actor, Actions.createSection)) throw ApiError.forbidden("Only the group's leads can add sections.");
    const body = await readBody(c, CreateSectionRequest);
    const id = deps.drafts.createSection(draftId, body.title, body.afterSectionId);
    if (id === null) throw ApiError.badRequest("afterSectionId is not a section of this draft.");
    deps.audit.append({
      actorId: user.id,
      actorDelegation: user.delegation,
      groupId,
      action: "section.create",
      target: id,
      details: { draftId, title: body.title, afterSectionId: body.afterSectionId ?? null },
    });
    deps.collab.draftChanged(draftId);
    return c.json({ id } satisfies CreatedResponse, 201);
  });

  app.patch("/sections/:sectionId", async (c) => {
    const { user } = c.get("auth");
    const sectionId = readId(c, "sectionId", "Section");
    const located = deps.drafts.locateSection(sectionId);
    const actor = located ? actorIn(deps.groups, user, located.groupId) : null;
    if (!located || !actor || !can(actor, Actions.readSection)) throw ApiError.notFound("Section");
    const body = await readBody(c, PatchSectionRequest);

    if (body.title !== undefined && !can(actor, Actions.updateSection)) {
      throw ApiError.forbidden("Only the group's leads can rename sections.");
    }
    if (body.status !== undefined && !can(actor, Actions.setSectionStatus)) {
      throw ApiError.forbidden("Only the group's leads can change a section's status.");
    }
    if (body.penholders !== undefined) {
      if (!can(actor, Actions.assignPenholders)) {
        throw ApiError.forbidden("Only the group's leads can assign penholders.");
      }
      const eligible = new Set(
        deps.groups
          .members(located.groupId)
          .filter((member) => member.role !== "observer")
          .map((member) => member.userId),
      );
      const invalid = body.penholders.filter((userId) => !eligible.has(userId));
      if (invalid.length > 0) {
        throw ApiError.badRequest(
          `penholders must be members or leads of this group; not eligible: ${invalid.join(", ")}.`,
        );
      }
    }

    deps.drafts.updateSection(sectionId, body);
    const before = located.section;
    deps.audit.append({
      actorId: user.id,
      actorDelegation: user.delegation,
      groupId: located.groupId,
      action: "section.update",
      target: sectionId,
      details: {
        draftId: located.draftId,
        ...(body.title !== undefined && { title: { from: before.title, to: body.title } }),
        ...(body.status !== undefined && { status: { from: before.status, to: body.status } }),
        ...(body.penholders !== undefined && { penholders: { from: before.penholders, to: body.penholders } }),
      },
    });
    deps.collab.draftChanged(located.draftId);
    const after = deps.drafts.locateSection(sectionId);
    if (!after) throw ApiError.notFound("Section");
    return c.json(after.section satisfies SectionMeta);
  });

  return app;
}
