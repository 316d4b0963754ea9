import type { Context } from "hono";
import { Hono } from "hono";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { sectionStateFromJSON } from "../../shared/editor/sectionContent.ts";
import { renderHtml } from "../../shared/export/html.ts";
import { renderMarkdown } from "../../shared/export/markdown.ts";
import { Actions, can } from "../../shared/permissions.ts";
import {
  CompareQuery,
  CreateVersionRequest,
  type ExportFormat,
  ExportQuery,
  PatchDraftRequest,
  RestoreVersionRequest,
} from "../../shared/schemas.ts";
import { authorshipRuns } from "../../shared/text/authorship.ts";
import { compareSections } from "../../shared/text/compareSections.ts";
import { rangesOfUpdate } from "../../shared/text/updateRanges.ts";
import { UNKNOWN_DELEGATION } from "../../shared/text/wordDiff.ts";
import type {
  AuthorshipResponse,
  CreatedResponse,
  DraftDetail,
  User,
  VersionDetail,
  VersionSummary,
} from "../../shared/types.ts";
import { actorIn } from "../commands/access.ts";
import { auditBy } from "../commands/audit.ts";
import { compareInputs, DraftTexts } from "../versions/DraftTexts.ts";
import { replaceSectionContent } from "../versions/replaceSection.ts";
import { readSectionState } from "../versions/sectionState.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId, readQuery } from "./validate.ts";

/** Largest .docx accepted for import. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** Versions, compare, restore, who wrote what, export and import. */
export function versionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.stores.sessions));
  const texts = new DraftTexts(deps.db, deps.stores.drafts, deps.documents, deps.stores.groups, deps.stores.brackets);

  /** The draft's group and the caller's actor; outsiders get 404 as if it did not exist. */
  const inDraft = (user: User, draftId: string) => {
    const groupId = deps.stores.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(deps.stores, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
    return { groupId, actor };
  };

  const versionFor = (user: User, versionId: string) => {
    const located = deps.versions.locate(versionId);
    const actor = located ? actorIn(deps.stores, user, located.groupId) : null;
    const version = located && actor && can(actor, Actions.viewDraft) ? deps.versions.get(versionId) : null;
    if (!version || !actor) throw ApiError.notFound("Version");
    return { version, actor };
  };

  app.post("/drafts/:draftId/versions", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const { groupId, actor } = inDraft(user, draftId);
    if (!can(actor, Actions.manageVersions)) throw ApiError.forbidden("Only the group's leads can name versions.");
    const body = await readBody(c, CreateVersionRequest);
    const created = deps.db.transaction(() => {
      const version = deps.versions.create(draftId, body.name, user);
      if (!version) throw ApiError.notFound("Draft");
      deps.stores.audit.append(auditBy(user, groupId, "version.create", version.id, { draftId, name: body.name }));
      return version;
    })();
    return c.json(created, 201);
  });

  app.get("/drafts/:draftId/versions", (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    inDraft(user, draftId);
    return c.json(deps.versions.list(draftId) satisfies VersionSummary[]);
  });

  app.get("/versions/:versionId", (c) => {
    const { user } = c.get("auth");
    const { version } = versionFor(user, readId(c, "versionId", "Version"));
    const detail: VersionDetail = {
      id: version.id,
      draftId: version.draftId,
      name: version.name,
      createdAt: version.createdAt,
      createdBy: version.createdBy,
      title: version.title,
      paragraphNumbers: version.paragraphNumbers,
      sections: version.sections.map((section, index) => {
        const { content, text } = readSectionState(section.state);
        return {
          id: section.id,
          number: String(index + 1),
          title: section.title,
          status: section.status,
          penholders: section.penholders,
          text: text.text,
          content,
        };
      }),
    };
    return c.json(detail);
  });

  app.get("/drafts/:draftId/compare", (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    inDraft(user, draftId);
    const query = readQuery(c, CompareQuery);
    const from = deps.versions.get(query.from);
    if (!from || from.draftId !== draftId) throw ApiError.badRequest("from must be a version of this draft.");
    let toText: ReturnType<DraftTexts["version"]>;
    let to: { id: string; name: string; createdAt: number };
    if (query.to === "live") {
      const live = texts.live(draftId);
      if (!live) throw ApiError.notFound("Draft");
      toText = live;
      to = { id: "live", name: "Live text", createdAt: Date.now() };
    } else {
      const version = deps.versions.get(query.to);
      if (!version || version.draftId !== draftId)
        throw ApiError.badRequest("to must be a version of this draft or live.");
      toText = texts.version(version);
      to = { id: version.id, name: version.name, createdAt: version.createdAt };
    }
    const comparison = compareSections(compareInputs(texts.version(from)), compareInputs(toText), {
      authorship: (sectionId) => texts.authorship(sectionId),
      sectionChangedBy: (sectionId) => deps.stores.drafts.removedBy(sectionId),
    });
    return c.json({
      from: { id: from.id, name: from.name, createdAt: from.createdAt },
      to,
      ...comparison,
    });
  });

  app.post("/versions/:versionId/restore", async (c) => {
    const { user } = c.get("auth");
    const { version, actor } = versionFor(user, readId(c, "versionId", "Version"));
    if (!can(actor, Actions.manageVersions)) throw ApiError.forbidden("Only the group's leads can restore a version.");
    deps.negotiation.refuseIfFrozen(version.draftId);
    const body = await readBody(c, RestoreVersionRequest);
    const whole = body.sectionIds === undefined;
    const inVersion = new Map(version.sections.map((s) => [s.id, s]));
    const unknown = (body.sectionIds ?? []).filter((id) => !inVersion.has(id));
    if (unknown.length > 0) throw ApiError.badRequest(`Not sections of this version: ${unknown.join(", ")}.`);
    const targets = whole
      ? version.sections
      : (body.sectionIds ?? []).map((id) => inVersion.get(id) ?? version.sections[0]);
    const restored = targets.filter((s) => s !== undefined);
    const agreed = restored.filter((s) => deps.stores.drafts.locateSection(s.id)?.section.status === "agreed");
    if (agreed.length > 0) {
      throw new ApiError(
        409,
        "conflict",
        `Agreed sections are locked: reopen ${agreed.map((s) => `"${s.title}"`).join(", ")} before restoring.`,
      );
    }

    // The text first, as one change per section made by the server as this lead.
    await deps.sectionWriter.write(
      restored.map((s) => sectionDocumentName(s.id)),
      (docs) => {
        for (const [index, doc] of docs.entries()) {
          const section = restored[index];
          if (section) replaceSectionContent(doc, section.state);
        }
      },
      { userId: user.id, delegation: user.delegation },
    );
    const groupId = deps.stores.drafts.groupOf(version.draftId) ?? "";
    deps.db.transaction(() => {
      if (whole) {
        deps.stores.drafts.restoreLayout(version.draftId, version.title, version.sections, user.id);
      } else {
        for (const section of restored) {
          const located = deps.stores.drafts.locateSection(section.id);
          if (located?.removed) deps.stores.drafts.restoreSection(section.id, version.draftId);
          if (located && located.section.title !== section.title)
            deps.stores.drafts.updateSection(section.id, { title: section.title });
        }
      }
      deps.stores.audit.append(
        auditBy(user, groupId, "version.restore", version.id, {
          draftId: version.draftId,
          name: version.name,
          sections: whole ? "all" : restored.map((s) => s.id),
        }),
      );
    })();
    deps.collab.draftChanged(version.draftId);
    deps.collab.reauthorizeAll();
    const draft = deps.stores.drafts.get(version.draftId);
    if (!draft) throw ApiError.notFound("Draft");
    return c.json(draft satisfies DraftDetail);
  });

  app.patch("/drafts/:draftId", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const { groupId, actor } = inDraft(user, draftId);
    if (!can(actor, Actions.updateDraft))
      throw ApiError.forbidden("Only the group's leads can change a draft's settings.");
    const body = await readBody(c, PatchDraftRequest);
    deps.db.transaction(() => {
      const before = deps.stores.drafts.get(draftId);
      if (body.paragraphNumbers !== undefined) deps.stores.drafts.setParagraphNumbers(draftId, body.paragraphNumbers);
      if (body.title !== undefined) deps.stores.drafts.setTitle(draftId, body.title);
      deps.stores.audit.append(
        auditBy(user, groupId, "draft.update", draftId, {
          ...(body.title !== undefined && { title: { from: before?.title, to: body.title } }),
          ...(body.paragraphNumbers !== undefined && {
            paragraphNumbers: { from: before?.paragraphNumbers, to: body.paragraphNumbers },
          }),
        }),
      );
    })();
    deps.collab.draftChanged(draftId);
    return c.json(deps.stores.drafts.get(draftId) satisfies DraftDetail | null);
  });

  app.get("/sections/:sectionId/authorship", (c) => {
    const { user } = c.get("auth");
    const sectionId = readId(c, "sectionId", "Section");
    const located = deps.stores.drafts.locateSection(sectionId);
    const actor = located ? actorIn(deps.stores, user, located.groupId) : null;
    if (!located || located.removed || !actor || !can(actor, Actions.readSection)) throw ApiError.notFound("Section");
    const { text } = readSectionState(deps.documents.state(sectionDocumentName(sectionId)));
    const response: AuthorshipResponse = {
      runs: authorshipRuns(text.text, text.ids, texts.authorship(sectionId), UNKNOWN_DELEGATION),
    };
    return c.json(response);
  });

  app.get("/drafts/:draftId/export", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const { groupId } = inDraft(user, draftId);
    const query = readQuery(c, ExportQuery);
    let document: ReturnType<DraftTexts["forExport"]>;
    if (query.version) {
      const version = deps.versions.get(query.version);
      if (!version || version.draftId !== draftId)
        throw ApiError.badRequest("version must be a version of this draft.");
      document = texts.forExport(groupId, texts.version(version, true), version.name, version.createdAt);
    } else {
      const live = texts.live(draftId, true);
      if (!live) throw ApiError.notFound("Draft");
      document = texts.forExport(groupId, live, null, Date.now());
    }
    const body =
      query.format === "docx"
        ? await (await import("../export/docx.ts")).renderDocx(document)
        : new TextEncoder().encode(query.format === "md" ? renderMarkdown(document) : renderHtml(document));
    return attachment(
      c,
      body,
      CONTENT_TYPES[query.format],
      `${fileName(document.title, document.versionName)}.${query.format}`,
    );
  });

  app.post("/groups/:groupId/imports", async (c) => {
    const { user } = c.get("auth");
    const groupId = readId(c, "groupId", "Working group");
    const group = deps.stores.groups.get(groupId);
    const actor = actorIn(deps.stores, user, groupId);
    if (!group || !can(actor, Actions.viewGroup)) throw ApiError.notFound("Working group");
    if (!can(actor, Actions.createDraft)) throw ApiError.forbidden("Only the group's leads can import drafts.");
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
    const rawTitle = typeof form.title === "string" ? form.title.trim() : "";
    if (rawTitle.length > 200) throw ApiError.badRequest("title must be at most 200 characters.");
    // Word's libraries load on first use: they would slow every start for a rare request.
    const { ImportError, importDocx, UNTITLED_FIRST_SECTION } = await import("../import/docxImport.ts");
    let imported: Awaited<ReturnType<typeof importDocx>>;
    try {
      imported = await importDocx(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      if (error instanceof ImportError) throw ApiError.badRequest(error.message);
      throw ApiError.badRequest("This file could not be imported as a Word document (.docx).");
    }
    const title =
      rawTitle ||
      imported.title ||
      file.name
        .replace(/\.docx$/i, "")
        .trim()
        .slice(0, 200) ||
      "Imported draft";
    let states: Uint8Array[];
    try {
      states = imported.sections.map((section) => sectionStateFromJSON(section.content));
    } catch {
      throw ApiError.badRequest("This document holds content Plenary cannot represent.");
    }
    const author = { userId: user.id, delegation: user.delegation };
    const draftId = deps.db.transaction(() => {
      const [first, ...rest] = imported.sections;
      const created = deps.stores.drafts.createDraft(groupId, title, first?.title ?? UNTITLED_FIRST_SECTION);
      const ids = [created.sectionId];
      let after = created.sectionId;
      for (const section of rest) {
        const id = deps.stores.drafts.createSection(created.draftId, section.title, after);
        if (!id) throw new Error("section could not be created");
        ids.push(id);
        after = id;
      }
      for (const [index, id] of ids.entries()) {
        const state = states[index];
        if (state) deps.documents.append(sectionDocumentName(id), state, { ...author, ...rangesOfUpdate(state) });
      }
      deps.stores.audit.append(
        auditBy(user, groupId, "draft.import", created.draftId, { title, fileName: file.name, sections: ids.length }),
      );
      return created.draftId;
    })();
    deps.collab.draftChanged(draftId);
    return c.json({ id: draftId } satisfies CreatedResponse, 201);
  });

  return app;
}

function attachment(c: Context, body: Uint8Array, type: string, name: string): Response {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

function fileName(title: string, versionName: string | null): string {
  const base = [title, versionName].filter((part) => part).join(" - ");
  return (
    base
      .replace(/[/\\?%*:|"<>\n\r\t]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120) || "draft"
  );
}
