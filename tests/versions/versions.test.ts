import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type { VersionCreated, VersionDetail, VersionSummary } from "../../shared/types.ts";
import { demoWorkspace, expectApiError } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, joinDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

async function setup() {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  return {
    server,
    demo,
    usa: await sessionFor(server, "usa"),
    fra: await sessionFor(server, "fra"),
    sgp: await sessionFor(server, "sgp"),
    au: await sessionFor(server, "au"),
    gha: await sessionFor(server, "gha"),
  };
}

test("a lead names a version; it stays identical while the live draft changes; the group lists and opens it", async () => {
  const { server, demo, usa, fra, au } = await setup();
  const named = await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, {
    name: "Zero draft — New York, February",
  });
  expect(named.status).toBe(201);
  expect(named.body).toEqual({
    id: expect.any(String),
    draftId: demo.doctrine.id,
    name: "Zero draft — New York, February",
    createdAt: expect.any(Number),
    createdBy: { userId: usa.user.id, name: usa.user.name, delegation: "USA" },
  });
  const before = (await au.request<VersionDetail>("GET", `/api/versions/${named.body.id}`)).body;
  expect(before.title).toBe(demo.doctrine.title);
  expect(before.sections.map((s) => [s.id, s.number, s.title])).toEqual(
    demo.doctrine.sections.map((s, i) => [s.id, String(i + 1), s.title]),
  );
  expect(before.sections[2]?.text.length).toBeGreaterThan(20);

  // The live draft changes: text, a title, the order.
  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(3)), fra.token);
  appendParagraph(penholder.doc, "Added after the version was named.");
  await allAcknowledged(penholder);
  expect((await usa.request("PATCH", `/api/sections/${demo.section(1)}`, { title: "Renamed live" })).status).toBe(200);
  const reversed = [...demo.doctrine.sections].reverse().map((s) => s.id);
  expect((await usa.request("PUT", `/api/drafts/${demo.doctrine.id}/order`, { sectionIds: reversed })).status).toBe(
    200,
  );

  const after = (await au.request<VersionDetail>("GET", `/api/versions/${named.body.id}`)).body;
  expect(after).toEqual(before);

  const second = await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, {
    name: "Rev.1 — Lyon",
  });
  const list = await au.request<VersionSummary[]>("GET", `/api/drafts/${demo.doctrine.id}/versions`);
  expect(list.status).toBe(200);
  expect(list.body.map((v) => v.id)).toEqual([second.body.id, named.body.id]);
  expect(list.body[0]).toEqual({
    id: second.body.id,
    name: "Rev.1 — Lyon",
    createdAt: expect.any(Number),
    createdBy: { userId: usa.user.id, name: usa.user.name, delegation: "USA" },
  });
  const rev1 = (await fra.request<VersionDetail>("GET", `/api/versions/${second.body.id}`)).body;
  expect(rev1.sections.map((s) => s.id)).toEqual(reversed);
  expect(rev1.sections.find((s) => s.id === demo.section(3))?.text).toContain("Added after the version was named.");
});

test("a version compared with itself shows no change; compared with the live text it shows the edit and its delegation", async () => {
  const { server, demo, usa, fra } = await setup();
  const version = (
    await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "Zero draft" })
  ).body;
  const itself = await fra.request<Comparison>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/compare?from=${version.id}&to=${version.id}`,
  );
  expect(itself.status).toBe(200);
  expect(itself.body.sections.map((s) => s.change)).toEqual(demo.doctrine.sections.map(() => "unchanged"));
  expect(itself.body.sections.every((s) => s.ops.every((op) => op.op === "equal"))).toBe(true);
  expect(itself.body.counts).toMatchObject({ added: 0, removed: 0, changed: 0, insertedWords: 0, deletedWords: 0 });

  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(3)), fra.token);
  appendParagraph(penholder.doc, "France adds this sentence.");
  await allAcknowledged(penholder);
  const added = await usa.request<{ id: string }>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
    title: "Annex",
  });
  const live = await fra.request<Comparison>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/compare?from=${version.id}&to=live`,
  );
  expect(live.status).toBe(200);
  const third = live.body.sections.find((s) => s.id === demo.section(3));
  expect(third?.change).toBe("changed");
  expect(third?.ops.filter((op) => op.op !== "equal")).toEqual([
    { op: "insert", text: "\nFrance adds this sentence.", delegation: "FRA" },
  ]);
  expect(live.body.sections.find((s) => s.id === added.body.id)?.change).toBe("added");
  expect(live.body.counts).toMatchObject({ added: 1, changed: 1, insertedWords: 4, deletedWords: 0 });
  for (const section of live.body.sections) {
    for (const op of section.ops) if (op.op !== "equal") expect(op.delegation).toMatch(/^[A-Z]+$/);
  }
});

test("observers and members get 403 and outsiders 404 on the lead's routes; outsiders cannot read versions", async () => {
  const { demo, usa, sgp, au, gha } = await setup();
  const version = (await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "V" }))
    .body;
  for (const [session, status] of [
    [sgp, 403],
    [au, 403],
    [gha, 404],
  ] as const) {
    expectApiError(await session.request("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "X" }), status);
    expectApiError(await session.request("POST", `/api/versions/${version.id}/restore`, {}), status);
    expectApiError(
      await session.request("PATCH", `/api/drafts/${demo.doctrine.id}`, { paragraphNumbers: false }),
      status,
    );
  }
  expectApiError(await gha.request("GET", `/api/drafts/${demo.doctrine.id}/versions`), 404);
  expectApiError(await gha.request("GET", `/api/versions/${version.id}`), 404);
  expectApiError(await gha.request("GET", `/api/drafts/${demo.doctrine.id}/compare?from=${version.id}`), 404);
  expectApiError(await gha.request("GET", `/api/sections/${demo.section(1)}/authorship`), 404);
  expectApiError(await gha.request("GET", `/api/drafts/${demo.doctrine.id}/export?format=md`), 404);
  // Nothing was named by the refused attempts.
  const list = await usa.request<VersionSummary[]>("GET", `/api/drafts/${demo.doctrine.id}/versions`);
  expect(list.body.map((v) => v.name)).toEqual(["V"]);
  expectApiError(await usa.request("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "" }), 400);
  expectApiError(await usa.request("GET", `/api/drafts/${demo.doctrine.id}/compare?from=nonsense!`), 400);
});

test("a lead turns paragraph numbers off for a draft, and the draft says so", async () => {
  const { demo, usa, fra } = await setup();
  const patched = await usa.request<{ paragraphNumbers: boolean }>("PATCH", `/api/drafts/${demo.doctrine.id}`, {
    paragraphNumbers: false,
  });
  expect(patched.status).toBe(200);
  expect(patched.body.paragraphNumbers).toBe(false);
  const md = await fra.request<string>("GET", `/api/drafts/${demo.doctrine.id}/export?format=md`);
  expect(md.body).toContain("## 1. ");
  expect(md.body).not.toContain("**1.1**");
});
