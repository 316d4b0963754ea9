import { Hono } from "hono";
import { Actions, can } from "../../shared/permissions.ts";
import { CreateDelegationRequest, DelegationCodeParam, PatchDelegationRequest } from "../../shared/schemas.ts";
import type { DelegationInfo, User } from "../../shared/types.ts";
import { auditBy } from "../commands/audit.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody } from "./validate.ts";

/** The delegations people belong to: everyone signed in reads the list; the site admin manages it. */
export function delegationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("/delegations", authenticate(deps.stores.sessions));
  app.use("/delegations/*", authenticate(deps.stores.sessions));

  const assertAdmin = (user: User) => {
    if (!can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer)) {
      throw ApiError.forbidden("Only the site administrator manages delegations.");
    }
  };

  app.get("/delegations", (c) => c.json(deps.stores.delegations.list() satisfies DelegationInfo[]));

  app.post("/delegations", async (c) => {
    const { user } = c.get("auth");
    assertAdmin(user);
    const body = await readBody(c, CreateDelegationRequest);
    const created = deps.db.transaction(() => {
      if (!deps.stores.delegations.create(body)) return false;
      deps.stores.audit.append(
        auditBy(user, null, "delegation.create", body.code, { name: body.name, kind: body.kind }),
      );
      return true;
    })();
    if (!created) throw new ApiError(409, "conflict", `A delegation with code ${body.code} already exists.`);
    return c.json(body satisfies DelegationInfo, 201);
  });

  app.patch("/delegations/:code", async (c) => {
    const { user } = c.get("auth");
    assertAdmin(user);
    const code = DelegationCodeParam.safeParse(c.req.param("code"));
    const current = code.success ? deps.stores.delegations.get(code.data) : null;
    if (!current) throw ApiError.notFound("Delegation");
    const body = await readBody(c, PatchDelegationRequest);
    const updated = deps.db.transaction(() => {
      deps.stores.delegations.update(current.code, body);
      deps.stores.audit.append(
        auditBy(user, null, "delegation.update", current.code, {
          ...(body.name !== undefined && { name: body.name, previousName: current.name }),
          ...(body.kind !== undefined && { kind: body.kind, previousKind: current.kind }),
        }),
      );
      return deps.stores.delegations.get(current.code);
    })();
    // Names and delegations show in presence and rosters: let open pages follow.
    deps.collab.reauthorizeAll();
    return c.json(updated satisfies DelegationInfo | null);
  });

  return app;
}
