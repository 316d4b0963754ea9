import { Hono } from "hono";
import { Actions, can } from "../../shared/permissions.ts";
import { CreateSectionRequest, PatchSectionRequest, ReorderSectionsRequest } from "../../shared/schemas.ts";
import { canTransition } from "../../shared/sectionStatus.ts";
import type { CreatedResponse, RemovedSectionSummary, SectionMeta } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { actorIn } from "./access.ts";
import { auditBy } from "./auditOf.ts";
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
    deps.negotiation.refuseIfFrozen(draftId);
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
    if (!located || located.removed || !actor || !can(actor, Actions.readSection)) throw ApiError.notFound("Section");
    const body = await readBody(c, PatchSectionRequest);

    if (body.title !== undefined && !can(actor, Actions.updateSection)) {
      throw ApiError.forbidden("Only the group's leads can rename sections.");
    }
    if (body.status !== undefined && !can(actor, Actions.setSectionStatus)) {
      throw ApiError.forbidden("Only the group's leads can change a section's status.");
    }
    if (body.title !== undefined || body.status !== undefined) deps.negotiation.refuseIfFrozen(located.draftId);
    if (body.status === "agreed" && located.section.status !== "agreed") {
      deps.negotiation.refuseIfBracketed(sectionId);
    }
    if (body.status !== undefined && !canTransition(located.section.status, body.status)) {
      throw new ApiError(
        409,
        "conflict",
        `A section cannot go from ${located.section.status} to ${body.status}: it moves drafting → review → agreed, and an agreed section must be reopened first.`,
      );
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

  /** The located section and the caller's actor, for lead-only section management. */
  const manageable = (user: Parameters<typeof actorIn>[1], sectionId: string, verb: string) => {
    const located = deps.drafts.locateSection(sectionId);
    const actor = located ? actorIn(deps.groups, user, located.groupId) : null;
    if (!located || !actor || !can(actor, Actions.readSection)) throw ApiError.notFound("Section");
    if (!can(actor, Actions.updateSection)) throw ApiError.forbidden(`Only the group's leads can ${verb} sections.`);
    return located;
  };

  app.delete("/sections/:sectionId", (c) => {
    const { user } = c.get("auth");
    const sectionId = readId(c, "sectionId", "Section");
    const located = manageable(user, sectionId, "remove");
    if (located.removed) throw ApiError.notFound("Section");
    deps.negotiation.refuseIfFrozen(located.draftId);
    if (deps.drafts.get(located.draftId)?.sections.length === 1) {
      throw new ApiError(409, "conflict", "A draft keeps at least one section: add another before removing this one.");
    }
    deps.drafts.removeSection(sectionId, user.id);
    deps.audit.append(
      auditBy(user, located.groupId, "section.remove", sectionId, {
        draftId: located.draftId,
        title: located.section.title,
      }),
    );
    deps.collab.draftChanged(located.draftId);
    deps.collab.reauthorizeAll();
    return c.body(null, 204);
  });

  app.post("/sections/:sectionId/restore", (c) => {
    const { user } = c.get("auth");
    const sectionId = readId(c, "sectionId", "Section");
    const located = manageable(user, sectionId, "restore");
    if (!located.removed) throw new ApiError(409, "conflict", "This section is not removed.");
    deps.negotiation.refuseIfFrozen(located.draftId);
    deps.drafts.restoreSection(sectionId, located.draftId);
    deps.audit.append(
      auditBy(user, located.groupId, "section.restore", sectionId, {
        draftId: located.draftId,
        title: located.section.title,
      }),
    );
    deps.collab.draftChanged(located.draftId);
    const restored = deps.drafts.locateSection(sectionId);
    if (!restored) throw ApiError.notFound("Section");
    return c.json(restored.section satisfies SectionMeta);
  });

  app.get("/drafts/:draftId/removed-sections", (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const groupId = deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(deps.groups, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
    const removed: RemovedSectionSummary[] = deps.drafts
      .removedSections(draftId)
      .map(({ id, title, removedAt }) => ({ id, title, removedAt }));
    return c.json(removed);
  });

  app.put("/drafts/:draftId/order", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const groupId = deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(deps.groups, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
    if (!can(actor, Actions.updateSection)) throw ApiError.forbidden("Only the group's leads can reorder sections.");
    deps.negotiation.refuseIfFrozen(draftId);
    const body = await readBody(c, ReorderSectionsRequest);
    const before = deps.drafts.get(draftId)?.sections.map((s) => s.id) ?? [];
    if (!deps.drafts.reorder(draftId, body.sectionIds)) {
      throw ApiError.badRequest("sectionIds must list every section of the draft exactly once.");
    }
    deps.audit.append(auditBy(user, groupId, "section.reorder", draftId, { from: before, to: body.sectionIds }));
    deps.collab.draftChanged(draftId);
    return c.json(deps.drafts.get(draftId));
  });

  return app;
}
