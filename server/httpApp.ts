import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ApiErrorBody } from "../shared/types.ts";
import type { ApiDeps } from "./api/ApiDeps.ts";
import type { ApiEnv } from "./api/ApiEnv.ts";
import { ApiError } from "./api/ApiError.ts";
import { delegationRoutes } from "./api/delegationRoutes.ts";
import { discussionRoutes } from "./api/discussionRoutes.ts";
import { draftRoutes } from "./api/draftRoutes.ts";
import { groupRoutes } from "./api/groupRoutes.ts";
import { invitationRoutes } from "./api/invitationRoutes.ts";
import { memberRoutes } from "./api/memberRoutes.ts";
import { meRoutes } from "./api/meRoutes.ts";
import { negotiationRoutes } from "./api/negotiationRoutes.ts";
import { passwordResetRoutes } from "./api/passwordResetRoutes.ts";
import { sessionRoutes } from "./api/sessionRoutes.ts";
import { userRoutes } from "./api/userRoutes.ts";
import { MAX_IMPORT_BYTES, versionRoutes } from "./api/versionRoutes.ts";
import { clientAddress, DEFAULT_PROXY_SETTINGS, type ProxySettings, secureCookies } from "./auth/proxy.ts";
import { CommandError } from "./commands/CommandError.ts";

const MAX_BODY_BYTES = 256 * 1024;

/** The HTTP side: security headers, the JSON API under /api, and the built client. */
export function createHttpApp(
  deps: ApiDeps,
  staticDir: string,
  proxy: ProxySettings = DEFAULT_PROXY_SETTINGS,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ProseMirror and the caret labels set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: "DENY",
      referrerPolicy: "same-origin",
      xContentTypeOptions: "nosniff",
      crossOriginEmbedderPolicy: false,
    }),
  );

  const api = new Hono<ApiEnv>();
  // Who is asking, once for every route: the sign-in limits count by address, cookies follow the protocol.
  api.use("*", async (c, next) => {
    const headers = c.req.raw.headers;
    c.set("client", {
      address: clientAddress(proxy, getConnInfo(c).remote.address, headers),
      secureCookies: secureCookies(proxy, new URL(c.req.url).protocol, headers),
    });
    await next();
  });
  const jsonLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, "bad_request", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    },
  });
  // A Word file is larger than any JSON body; its own limit answers with the
  // import's clear refusal.
  const importLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES + 64 * 1024,
    onError: () => {
      throw new ApiError(400, "bad_request", `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`);
    },
  });
  api.use("*", (c, next) => (/^\/api\/groups\/[^/]+\/imports$/.test(c.req.path) ? importLimit : jsonLimit)(c, next));
  api.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  // Order matters: the resource routers below guard every path with their
  // authentication middleware, so the routes open to people without a session
  // (sign-in, invitation and password reset links) are mounted first.
  api.route("/", sessionRoutes(deps));
  api.route("/", invitationRoutes(deps));
  api.route("/", passwordResetRoutes(deps));
  api.route("/", delegationRoutes(deps));
  api.route("/", userRoutes(deps));
  api.route("/", groupRoutes(deps));
  api.route("/", draftRoutes(deps));
  api.route("/", memberRoutes(deps));
  api.route("/", meRoutes(deps));
  api.route("/", discussionRoutes(deps));
  api.route("/", versionRoutes(deps));
  api.route("/", negotiationRoutes(deps));
  api.all("*", (c) => c.json(errorBody("not_found", "No such API route."), 404));
  app.route("/api", api);

  app.onError((raised, c) => {
    const error = raised instanceof CommandError ? ApiError.fromRefusal(raised) : raised;
    if (error instanceof ApiError) {
      // The body of a refused oversized request was never read: this connection cannot be reused.
      if (error.status === 413) c.header("Connection", "close");
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody("bad_request", error.message || "Bad request."), error.status);
    }
    deps.logger.error("unhandled error", { path: c.req.path, error: String(error), stack: (error as Error).stack });
    return c.json(errorBody("internal", "Something went wrong on the server; nothing was changed."), 500);
  });

  const indexPath = join(staticDir, "index.html");
  app.use("/assets/*", serveStatic({ root: staticDir }));
  app.use("*", serveStatic({ root: staticDir }));
  // Client-side routes (/groups/…, /drafts/…) all load the app shell.
  app.get("*", (c) => {
    if (!existsSync(indexPath)) {
      return c.text("The client is not built: run `npm run build` (npm start does it for you).", 503);
    }
    return c.html(readFileSync(indexPath, "utf8"));
  });

  return app;
}

function errorBody(code: ApiErrorBody["error"]["code"], message: string): ApiErrorBody {
  return { error: { code, message } };
}
