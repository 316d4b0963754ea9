import type BetterSqlite3 from "better-sqlite3";
import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type { VersionCreated, VersionSummary } from "../../shared/types.ts";
import { demoWorkspace, expectApiError } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  joinDocument,
} from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sqliteOf } from "../helpers/sqlite.ts";
import { startTestServer } from "../helpers/testServer.ts";

/**
 * Version writes on a real server and its real SQLite file, with a failure
 * injected into the database itself (a temporary trigger that aborts one
 * insert): a restore or a naming that fails part-way keeps nothing, in
 * SQLite, in the server's live documents or in an open editor.
 */

/** Every row of every table, except the sessions (each request slides its session's expiry). */
function everything(db: BetterSqlite3.Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sessions' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
}

function failInsert(db: BetterSqlite3.Database, name: string, table: string, when: string): void {
  db.exec(
    `CREATE TEMP TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
}

test("a whole-draft restore whose third section cannot be stored, or whose audit entry fails, changes nothing; then it succeeds", async () => {
  const server = await startTestServer();
  const db = sqliteOf(server.plenary.db);
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const draftId = demo.doctrine.id;
  const v1 = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "V1" })).body;

  // The lead adds a paragraph to each of the first four sections; the editors stay open.
  const sections = [demo.section(1), demo.section(2), demo.section(3), demo.section(4)];
  const editors: DocumentClient[] = [];
  for (const sectionId of sections) {
    const editor = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), usa.token);
    appendParagraph(editor.doc, `Added to ${sectionId} after V1.`);
    await allAcknowledged(editor);
    editors.push(editor);
  }
  const liveTexts = () =>
    sections.map((id) => {
      const doc = server.plenary.collab.hocuspocus.documents.get(sectionDocumentName(id));
      if (!doc) throw new Error(`section ${id} not loaded`);
      return fragmentText(doc);
    });
  const textsBefore = liveTexts();
  const editorTextsBefore = editors.map((editor) => editor.text());
  const compareWithV1 = async () =>
    (await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${v1.id}&to=live`)).body.sections
      .filter((s) => s.change !== "unchanged")
      .map((s) => s.id);
  expect(await compareWithV1()).toEqual(sections);

  const refusedRestoreKeepsEverything = async () => {
    const before = everything(db);
    const restore = await usa.request("POST", `/api/versions/${v1.id}/restore`, {});
    expectApiError(restore, 500, "internal");
    expect(everything(db)).toEqual(before);
    expect(liveTexts()).toEqual(textsBefore);
    expect(await compareWithV1()).toEqual(sections);
  };

  // The third of the four changed sections cannot be written to the log.
  failInsert(db, "fail_third_section", "document_updates", `NEW.document = '${sectionDocumentName(demo.section(3))}'`);
  await refusedRestoreKeepsEverything();
  db.exec("DROP TRIGGER temp.fail_third_section");

  // Every section could be written, but the audit entry cannot.
  failInsert(db, "fail_restore_audit", "audit_log", "NEW.action = 'version.restore'");
  await refusedRestoreKeepsEverything();
  db.exec("DROP TRIGGER temp.fail_restore_audit");

  // Nothing reached the open editors: an edit made now is acknowledged on top of their unchanged text.
  for (const [index, editor] of editors.entries()) {
    appendParagraph(editor.doc, "Still here.");
    await allAcknowledged(editor);
    expect(editor.text()).toBe(`${editorTextsBefore[index]}\nStill here.`);
  }

  // With nothing failing, the same restore changes every section, reaches the editors and is audited once.
  const restored = await usa.request("POST", `/api/versions/${v1.id}/restore`, {});
  expect(restored.status).toBe(200);
  expect(await compareWithV1()).toEqual([]);
  const version = (await usa.request<{ sections: { id: string; text: string }[] }>("GET", `/api/versions/${v1.id}`))
    .body;
  for (const [index, editor] of editors.entries()) {
    const text = version.sections.find((s) => s.id === sections[index])?.text;
    await eventually(() => expect(editor.text()).toBe(text));
  }
  const audits = db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'version.restore'").get() as {
    n: number;
  };
  expect(audits.n).toBe(1);
});

test("naming a version whose audit entry fails keeps no version", async () => {
  const server = await startTestServer();
  const db = sqliteOf(server.plenary.db);
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const draftId = demo.doctrine.id;

  failInsert(db, "fail_version_audit", "audit_log", "NEW.action = 'version.create'");
  const before = everything(db);
  expectApiError(await usa.request("POST", `/api/drafts/${draftId}/versions`, { name: "Rev.1" }), 500, "internal");
  expect(everything(db)).toEqual(before);
  expect((await usa.request<VersionSummary[]>("GET", `/api/drafts/${draftId}/versions`)).body).toEqual([]);
  db.exec("DROP TRIGGER temp.fail_version_audit");

  const named = await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "Rev.1" });
  expect(named.status).toBe(201);
  expect((await usa.request<VersionSummary[]>("GET", `/api/drafts/${draftId}/versions`)).body.map((v) => v.id)).toEqual(
    [named.body.id],
  );
});
