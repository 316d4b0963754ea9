import type { Context } from "hono";
import { Hono } from "hono";
import {
  CompareQuery,
  CreateVersionRequest,
  ExportQuery,
  PatchDraftRequest,
  RestoreVersionRequest,
} from "../../shared/schemas.ts";
import type { CreatedResponse } from "../../shared/types.ts";
import type { UploadedDocx } from "../commands/VersionCommands.ts";
import type { ExportedFile } from "../queries/VersionQueries.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId, readQuery } from "./validate.ts";

/** Largest .docx accepted for import. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** Versions, compare, restore, who wrote what, a draft's settings, export and import. */
export function versionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));
  const versions = deps.commands.versions;
  const read = deps.queries.versions;

  app.post("/drafts/:draftId/versions", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const { name } = await readBody(c, CreateVersionRequest);
    return c.json((await versions.nameVersion(c.get("auth").user, { draftId, name })).value, 201);
  });

  app.get("/drafts/:draftId/versions", async (c) =>
    c.json(await read.list(c.get("auth").user, readId(c, "draftId", "Draft"))),
  );

  app.get("/versions/:versionId", async (c) =>
    c.json(await read.get(c.get("auth").user, readId(c, "versionId", "Version"))),
  );

  app.get("/drafts/:draftId/compare", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const query = readQuery(c, CompareQuery);
    return c.json(await read.compare(c.get("auth").user, { draftId, from: query.from, to: query.to }));
  });

  app.post("/versions/:versionId/restore", async (c) => {
    const versionId = readId(c, "versionId", "Version");
    const { sectionIds } = await readBody(c, RestoreVersionRequest);
    return c.json(await versions.restore(c.get("auth").user, { versionId, sectionIds }));
  });

  app.patch("/drafts/:draftId", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const body = await readBody(c, PatchDraftRequest);
    return c.json((await versions.updateSettings(c.get("auth").user, { draftId, ...body })).value);
  });

  app.get("/sections/:sectionId/authorship", async (c) =>
    c.json(await read.authorship(c.get("auth").user, readId(c, "sectionId", "Section"))),
  );

  app.get("/drafts/:draftId/export", async (c) => {
    const draftId = readId(c, "draftId", "Draft");
    const query = readQuery(c, ExportQuery);
    const file = await read.export(c.get("auth").user, { draftId, format: query.format, versionId: query.version });
    return attachment(c, file);
  });

  app.post("/groups/:groupId/imports", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    await versions.refuseUnlessMayImport(user, groupId);
    const file = await readUpload(c);
    const { value } = await versions.importDocx(user, { groupId, file });
    return c.json(value satisfies CreatedResponse, 201);
  });

  return app;
}

/** The Word file and optional title of an import form; 400 for anything else. */
async function readUpload(c: Context<ApiEnv>): Promise<UploadedDocx> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw ApiError.badRequest("Send the file as multipart/form-data, in a field named file.");
  }
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw ApiError.badRequest("The upload could not be read as a form.");
  }
  const file = form.file;
  if (!(file instanceof File)) throw ApiError.badRequest("Attach a .docx file in the field named file.");
  if (file.size > MAX_IMPORT_BYTES) {
    throw ApiError.badRequest(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`);
  }
  const title = typeof form.title === "string" ? form.title.trim() : "";
  if (title.length > 200) throw ApiError.badRequest("title must be at most 200 characters.");
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), title };
}

function attachment(c: Context, file: ExportedFile): Response {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  });
}
