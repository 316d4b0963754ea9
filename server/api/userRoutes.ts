import { Hono } from "hono";
import { PatchUserRequest } from "../../shared/schemas.ts";
import type { PasswordResetCreated, User, UserSummary } from "../../shared/types.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/** Accounts, as the site admin manages them: names, delegations, password reset links. */
export function userRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("/users", authenticate(deps.queries.accounts));
  app.use("/users/*", authenticate(deps.queries.accounts));

  app.get("/users", async (c) => {
    return c.json((await deps.queries.accounts.users(c.get("auth").user)) satisfies UserSummary[]);
  });

  app.patch("/users/:userId", async (c) => {
    const userId = readId(c, "userId", "User");
    const body = await readBody(c, PatchUserRequest);
    const { value } = await deps.commands.accounts.update(c.get("auth").user, userId, body);
    return c.json(value satisfies User);
  });

  app.post("/users/:userId/password-reset", async (c) => {
    const userId = readId(c, "userId", "User");
    const { reset, token } = (await deps.commands.accounts.createPasswordReset(c.get("auth").user, userId)).value;
    // The link is shown once, to the admin; unlike an invitation it is not logged.
    const created: PasswordResetCreated = {
      url: `${new URL(c.req.url).origin}/reset/${token}`,
      token,
      expiresAt: reset.expiresAt,
    };
    return c.json(created, 201);
  });

  return app;
}
