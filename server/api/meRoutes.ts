import { Hono } from "hono";
import type { MyWork } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";

/** What concerns the signed-in user across groups. */
export function meRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.sessions));

  app.get("/me/work", (c) => {
    const { user } = c.get("auth");
    const work: MyWork = {
      pen: deps.drafts.penSections(user.id),
      awaitingComments: deps.drafts.sectionsAwaitingComments(user.id),
    };
    return c.json(work);
  });

  return app;
}
