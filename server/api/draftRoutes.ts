import { Hono } from "hono";
import { CreateSectionRequest, PatchSectionRequest, ReorderSectionsRequest } from "../../shared/schemas.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/** Drafts and their sections. */
export function draftRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));
  const { drafts, sections } = deps.commands;

  app.get("/drafts/:draftId", async (c) =>
    c.json(await deps.queries.drafts.get(c.get("auth").user, readId(c, "draftId", "Draft"))),
  );

  app.post("/drafts/:draftId/sections", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const body = await readBody(c, CreateSectionRequest);
    const { value } = await drafts.createSection(c.get("auth").user, { draftId, ...body });
    return c.json(value, 201);
  });

  app.patch("/sections/:sectionId", async (c) => {
    const sectionId = readId(c, "sectionId", "Section");
    const change = await readBody(c, PatchSectionRequest);
    return c.json((await sections.update(c.get("auth").user, { sectionId, change })).value);
  });

  app.delete("/sections/:sectionId", async (c) => {
    await sections.remove(c.get("auth").user, { sectionId: readId(c, "sectionId", "Section") });
    return c.body(null, 204);
  });

  app.post("/sections/:sectionId/restore", async (c) => {
    const { value } = await sections.restore(c.get("auth").user, { sectionId: readId(c, "sectionId", "Section") });
    return c.json(value);
  });

  app.get("/drafts/:draftId/removed-sections", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    return c.json(await deps.queries.drafts.removedSections(c.get("auth").user, draftId));
  });

  app.put("/drafts/:draftId/order", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const { sectionIds } = await readBody(c, ReorderSectionsRequest);
    return c.json((await drafts.reorderSections(c.get("auth").user, { draftId, sectionIds })).value);
  });

  return app;
}
