import { Hono } from "hono";
import { Actions, can } from "../../shared/permissions.ts";
import { PatchUserRequest } from "../../shared/schemas.ts";
import type { PasswordResetCreated, User, UserSummary } from "../../shared/types.ts";
import { auditBy } from "../commands/audit.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/** Accounts, as the site admin manages them: names, delegations, password reset links. */
export function userRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("/users", authenticate(deps.stores.sessions));
  app.use("/users/*", authenticate(deps.stores.sessions));

  const assertAdmin = (user: User, what: string) => {
    if (!can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer)) {
      throw ApiError.forbidden(`Only the site administrator ${what}.`);
    }
  };

  app.get("/users", (c) => {
    assertAdmin(c.get("auth").user, "lists every account");
    return c.json(deps.stores.users.list() satisfies UserSummary[]);
  });

  app.patch("/users/:userId", async (c) => {
    const { user } = c.get("auth");
    assertAdmin(user, "changes a person's name or delegation");
    const userId = readId(c, "userId", "User");
    const target = deps.stores.users.findById(userId);
    if (!target) throw ApiError.notFound("User");
    const body = await readBody(c, PatchUserRequest);
    const updated = deps.db.transaction(() => {
      const delegation = body.delegation ?? target.delegation;
      if (body.delegation !== undefined && !deps.stores.delegations.get(body.delegation)) {
        throw ApiError.badRequest(`delegation ${body.delegation} is not known; add it first.`);
      }
      const name = body.name ?? target.name;
      if (deps.stores.users.nameTaken(delegation, name, target.id)) {
        throw new ApiError(409, "conflict", `Someone in ${delegation} already goes by “${name}”.`);
      }
      deps.stores.users.update(target.id, body);
      deps.stores.audit.append(
        auditBy(user, null, "user.update", target.id, {
          ...(body.name !== undefined && { name: body.name, previousName: target.name }),
          ...(body.delegation !== undefined && { delegation: body.delegation, previousDelegation: target.delegation }),
        }),
      );
      return deps.stores.users.findById(target.id);
    })();
    deps.collab.reauthorizeAll();
    return c.json(updated satisfies User | null);
  });

  app.post("/users/:userId/password-reset", (c) => {
    const { user } = c.get("auth");
    assertAdmin(user, "creates password reset links");
    const userId = readId(c, "userId", "User");
    const target = deps.stores.users.findById(userId);
    if (!target) throw ApiError.notFound("User");
    const { reset, token } = deps.db.transaction(() => {
      const created = deps.stores.passwordResets.create({ userId, createdBy: user.id, ttlMs: deps.passwordResetTtlMs });
      deps.stores.audit.append(
        auditBy(user, null, "password.reset.create", userId, { expiresAt: created.reset.expiresAt }),
      );
      return created;
    })();
    const url = `${new URL(c.req.url).origin}/reset/${token}`;
    // The link is shown once, to the admin; unlike an invitation it is not logged.
    const created: PasswordResetCreated = { url, token, expiresAt: reset.expiresAt };
    return c.json(created, 201);
  });

  return app;
}
