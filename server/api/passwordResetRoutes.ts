import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { PasswordResetRequest } from "../../shared/schemas.ts";
import type { PasswordResetPreview } from "../../shared/types.ts";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
import { UNUSABLE_RESET } from "../commands/AccountCommands.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin } from "./authenticate.ts";
import { readBody } from "./validate.ts";

/** Reset links: whoever holds the token may set a new password for its account, once. */
export function passwordResetRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/password-resets/:token", async (c) => {
    const preview = await deps.queries.accounts.passwordReset(c.req.param("token"));
    if (!preview) throw new ApiError(404, "not_found", UNUSABLE_RESET);
    return c.json(preview satisfies PasswordResetPreview);
  });

  app.post("/password-resets/:token", async (c) => {
    assertSameOrigin(c);
    const token = c.req.param("token");
    if (!(await deps.queries.accounts.passwordReset(token))) throw new ApiError(404, "not_found", UNUSABLE_RESET);
    const body = await readBody(c, PasswordResetRequest);
    // Every session of the account ends; the change events close their websockets.
    await deps.commands.accounts.resetPassword(token, body.newPassword);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  return app;
}
