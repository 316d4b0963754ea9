import { Hono } from "hono";
import { CreateDraftRequest } from "../../shared/schemas.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/** The groups a user belongs to, one group, and starting a draft in it. */
export function groupRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));

  app.get("/groups", async (c) => c.json(await deps.queries.groups.listFor(c.get("auth").user)));

  app.get("/groups/:groupId", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    return c.json(await deps.queries.groups.detail(c.get("auth").user, groupId));
  });

  app.post("/groups/:groupId/drafts", async (c) => {
    const groupId = readId(c, "groupId", "Working group");
    const body = await readBody(c, CreateDraftRequest);
    const { value } = await deps.commands.drafts.createDraft(c.get("auth").user, { groupId, title: body.title });
    return c.json(value, 201);
  });

  return app;
}
