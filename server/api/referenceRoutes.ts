import { Hono } from "hono";
import type { DelegationInfo } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";

/** Public reference data: the delegations an invitee can pick from before they have an account. */
export function referenceRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/delegations", (c) => c.json(deps.users.listDelegations() satisfies DelegationInfo[]));
  return app;
}
