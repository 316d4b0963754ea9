import { Hono } from "hono";
import { CreateDelegationRequest, DelegationCodeParam, PatchDelegationRequest } from "../../shared/schemas.ts";
import type { DelegationInfo } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody } from "./validate.ts";

/** The delegations people belong to: everyone signed in reads the list; the site admin manages it. */
export function delegationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("/delegations", authenticate(deps.queries.accounts));
  app.use("/delegations/*", authenticate(deps.queries.accounts));

  app.get("/delegations", async (c) => c.json((await deps.queries.accounts.delegations()) satisfies DelegationInfo[]));

  app.post("/delegations", async (c) => {
    const body = await readBody(c, CreateDelegationRequest);
    const { value } = await deps.commands.delegations.create(c.get("auth").user, body);
    return c.json(value satisfies DelegationInfo, 201);
  });

  app.patch("/delegations/:code", async (c) => {
    const code = DelegationCodeParam.safeParse(c.req.param("code"));
    if (!code.success) throw ApiError.notFound("Delegation");
    const body = await readBody(c, PatchDelegationRequest);
    const { value } = await deps.commands.delegations.update(c.get("auth").user, code.data, body);
    return c.json(value satisfies DelegationInfo);
  });

  return app;
}
