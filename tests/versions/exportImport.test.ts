import mammoth from "mammoth";
import { expect, test } from "vitest";
import { renderDocx } from "../../server/export/docx.ts";
import type { ExportDocument } from "../../shared/export/exportModel.ts";
import type { Bracket } from "../../shared/negotiation.ts";
import type { CreatedResponse, DraftDetail, GroupDetail, VersionCreated, VersionDetail } from "../../shared/types.ts";
import { demoWorkspace, expectApiError, type Session } from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

async function download(server: TestServer, session: Session, path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${session.token}` } });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function upload(
  server: TestServer,
  session: Session,
  groupId: string,
  file: Blob,
  fileName: string,
  title?: string,
) {
  const form = new FormData();
  form.append("file", file, fileName);
  if (title) form.append("title", title);
  const response = await fetch(`${server.url}/api/groups/${groupId}/imports`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

test("export → import keeps every section's title, text and order, and tables", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const au = await sessionFor(server, "au");

  // The demo draft, exported by an observer and imported by a lead.
  const exported = await download(server, au, `/api/drafts/${demo.doctrine.id}/export?format=docx`);
  expect(exported.response.status).toBe(200);
  expect(exported.response.headers.get("content-type")).toBe(DOCX);
  expect(exported.response.headers.get("content-disposition")).toMatch(/^attachment; filename="Doctrine/);
  const imported = await upload(server, usa, demo.wg1.id, new Blob([exported.bytes]), "doctrine.docx");
  expect(imported.status).toBe(201);
  const copyId = (imported.body as CreatedResponse).id;
  const copy = (await usa.request<DraftDetail>("GET", `/api/drafts/${copyId}`)).body;
  expect(copy.title).toBe(demo.doctrine.title);
  expect(copy.sections.map((s) => s.title)).toEqual(demo.doctrine.sections.map((s) => s.title));
  const textOf = async (draftId: string) => {
    const version = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "check" }))
      .body;
    return (await usa.request<VersionDetail>("GET", `/api/versions/${version.id}`)).body.sections.map((s) => s.text);
  };
  // The export is the text as circulated: the demo's open bracket arrives as words, options and sponsors.
  const [bracket] = (await usa.request<Bracket[]>("GET", `/api/drafts/${demo.doctrine.id}/brackets`)).body;
  if (!bracket) throw new Error("the demo's bracket is missing");
  const circulated = bracket.options.map((o, i) => `[${i === 0 ? bracket.quote : o.text}] (${o.delegation})`).join(" ");
  const original = (await textOf(demo.doctrine.id)).map((text) => text.replace(bracket.quote, circulated));
  expect(original.some((text) => text.includes(circulated))).toBe(true);
  expect(await textOf(copyId)).toEqual(original);

  // A Word file with a table, through import, export and import again.
  const withTable: ExportDocument = {
    title: "Roles paper",
    groupName: "WG",
    versionName: null,
    date: Date.now(),
    paragraphNumbers: true,
    sections: [
      {
        number: "1",
        title: "Roles",
        content: {
          type: "doc",
          content: [
            { type: "paragraph", content: [{ type: "text", text: "Who does what." }] },
            {
              type: "table",
              content: [
                {
                  type: "tableRow",
                  content: ["Role", "Delegation"].map((text) => ({
                    type: "tableCell",
                    content: [{ type: "paragraph", content: [{ type: "text", text }] }],
                  })),
                },
                {
                  type: "tableRow",
                  content: ["Lead", "USA"].map((text) => ({
                    type: "tableCell",
                    content: [{ type: "paragraph", content: [{ type: "text", text }] }],
                  })),
                },
              ],
            },
          ],
        },
      },
    ],
  };
  const first = await upload(
    server,
    usa,
    demo.wg1.id,
    new Blob([(await renderDocx(withTable)) as Uint8Array<ArrayBuffer>]),
    "roles.docx",
  );
  expect(first.status).toBe(201);
  const firstId = (first.body as CreatedResponse).id;
  const again = await download(server, usa, `/api/drafts/${firstId}/export?format=docx`);
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(again.bytes) });
  expect(html).toMatch(/<table>.*Role.*Delegation.*Lead.*USA.*<\/table>/);
  const second = await upload(server, usa, demo.wg1.id, new Blob([again.bytes]), "roles-again.docx");
  const secondId = (second.body as CreatedResponse).id;
  const secondDraft = (await usa.request<DraftDetail>("GET", `/api/drafts/${secondId}`)).body;
  expect(secondDraft.sections.map((s) => s.title)).toEqual(["Roles"]);
  expect(await textOf(secondId)).toEqual(["Who does what.\nRole\nDelegation\nLead\nUSA"]);
  const md = await usa.request<string>("GET", `/api/drafts/${secondId}/export?format=md`);
  expect(md.body).toContain("| Role | Delegation |");
  expect(md.body).toContain("**1.1** Who does what.");
});

test("exports of a version carry its name; Markdown and HTML are numbered like the .docx", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const version = (
    await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "Rev.1 — Lyon" })
  ).body;
  const md = await download(server, usa, `/api/drafts/${demo.doctrine.id}/export?format=md&version=${version.id}`);
  expect(md.response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
  expect(md.response.headers.get("content-disposition")).toContain("attachment");
  const text = new TextDecoder().decode(md.bytes);
  expect(text).toContain("Rev.1 — Lyon");
  expect(text).toContain("International police doctrine for post-conflict environments");
  expect(text).toContain(`## 1. ${demo.doctrine.sections[0]?.title}`);
  expect(text).toContain("**1.1** ");
  const html = await download(server, usa, `/api/drafts/${demo.doctrine.id}/export?format=html&version=${version.id}`);
  expect(html.response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(new TextDecoder().decode(html.bytes)).toContain('<span class="number">2.1</span>');
  expectApiError(await usa.request("GET", `/api/drafts/${demo.doctrine.id}/export?format=pdf`), 400);
});

test("a corrupt, empty, oversized or non-docx upload gets 400 and creates nothing; members 403, outsiders 404", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const drafts = async () => (await usa.request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`)).body.drafts;
  const auditCount = async () => (await usa.request<unknown[]>("GET", `/api/groups/${demo.wg1.id}/audit`)).body.length;
  const before = await drafts();
  const auditBefore = await auditCount();
  const valid = await renderDocx({
    title: "T",
    groupName: "G",
    versionName: null,
    date: 0,
    paragraphNumbers: true,
    sections: [
      {
        number: "1",
        title: "S",
        content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] },
      },
    ],
  });
  const corrupt = valid.slice(0, Math.floor(valid.length / 2));
  const cases: [string, Blob, string][] = [
    ["empty", new Blob([]), "empty.docx"],
    ["not a docx", new Blob(["just some text, not Word"]), "notes.txt"],
    ["a PDF", new Blob(["%PDF-1.7\n..."]), "paper.docx"],
    ["corrupt", new Blob([corrupt as Uint8Array<ArrayBuffer>]), "broken.docx"],
    ["oversized", new Blob([new Uint8Array(10 * 1024 * 1024 + 1)]), "huge.docx"],
  ];
  for (const [label, blob, fileName] of cases) {
    const result = await upload(server, usa, demo.wg1.id, blob, fileName);
    expect(result.status, label).toBe(400);
    expect(result.body, label).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
  }
  for (const [account, status] of [
    ["sgp", 403],
    ["au", 403],
    ["gha", 404],
  ] as const) {
    const result = await upload(
      server,
      await sessionFor(server, account),
      demo.wg1.id,
      new Blob([valid as Uint8Array<ArrayBuffer>]),
      "ok.docx",
    );
    expect(result.status, account).toBe(status);
  }
  expect(await drafts()).toEqual(before);
  expect(await auditCount()).toBe(auditBefore);
});
