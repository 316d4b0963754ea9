import { Hono } from "hono";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";

/** What concerns the signed-in user across groups. */
export function meRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));
  app.get("/me/work", async (c) => c.json(await deps.queries.drafts.myWork(c.get("auth").user)));
  return app;
}
