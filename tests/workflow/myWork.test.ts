import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { MyWork } from "../../shared/types.ts";
import { demoWorkspace, type Session } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, joinDocument } from "../helpers/collabClient.ts";
import { anchorOn } from "../helpers/discussion.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

async function myWork(session: Session): Promise<MyWork> {
  const result = await session.request<MyWork>("GET", "/api/me/work");
  expect(result.status).toBe(200);
  return result.body;
}

test("my work lists the sections I hold the pen for across my groups, with status and last change, updated when I type", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const fra = await sessionFor(server, "fra");
  const usa = await sessionFor(server, "usa");
  // France holds section 3 of the doctrine (WG1) and the first section of the WG2 draft.
  const tocSection = demo.tocDraft.sections[0];
  if (!tocSection) throw new Error("the WG2 draft has sections");

  const before = await myWork(fra);
  expect(before.pen.map((p) => p.sectionId).sort()).toEqual([demo.section(3), tocSection.id].sort());
  const doctrine = before.pen.find((p) => p.sectionId === demo.section(3));
  expect(doctrine).toEqual({
    sectionId: demo.section(3),
    sectionTitle: "Roles of UN police and partners",
    status: "drafting",
    draftId: demo.doctrine.id,
    draftTitle: demo.doctrine.title,
    groupId: demo.wg1.id,
    groupName: demo.wg1.name,
    lastChangedAt: expect.any(Number),
  });
  expect(before.pen.find((p) => p.sectionId === tocSection.id)).toMatchObject({
    groupId: demo.wg2.id,
    status: "drafting",
  });

  await new Promise((resolve) => setTimeout(resolve, 5));
  const typedAfter = Date.now();
  expect(doctrine?.lastChangedAt).toBeLessThan(typedAfter);
  const section = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(3)), fra.token);
  appendParagraph(section.doc, "France: a coordination cell in each sector.");
  await allAcknowledged(section);
  const afterTyping = (await myWork(fra)).pen.find((p) => p.sectionId === demo.section(3));
  expect(afterTyping?.lastChangedAt).toBeGreaterThanOrEqual(typedAfter);
  // The most recently changed comes first.
  expect((await myWork(fra)).pen[0]?.sectionId).toBe(demo.section(3));

  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { status: "review" })).status).toBe(200);
  expect((await myWork(fra)).pen.find((p) => p.sectionId === demo.section(3))?.status).toBe("review");

  // Losing the pen takes the section off the list.
  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { penholders: [] })).status).toBe(200);
  expect((await myWork(fra)).pen.map((p) => p.sectionId)).toEqual([tocSection.id]);
});

test("sections in review wait for the comments of members and leads, not of their penholders nor of observers", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  for (const n of [2, 3] as const) {
    expect((await usa.request("PATCH", `/api/sections/${demo.section(n)}`, { status: "review" })).status).toBe(200);
  }
  const awaiting = async (account: "sgp" | "fra" | "interpol" | "usa" | "au" | "gha") =>
    (await myWork(await sessionFor(server, account))).awaitingComments.map((a) => a.sectionId);

  // Singapore holds section 2 and France section 3: each waits only for the other's.
  expect(await awaiting("sgp")).toEqual([demo.section(3)]);
  expect(await awaiting("fra")).toEqual([demo.section(2)]);
  expect(await awaiting("interpol")).toEqual([demo.section(2), demo.section(3)]);
  expect(await awaiting("usa")).toEqual([demo.section(2), demo.section(3)]);
  expect(await awaiting("au")).toEqual([]);
  expect(await awaiting("gha")).toEqual([]);
  const [row] = (await myWork(await sessionFor(server, "sgp"))).awaitingComments;
  expect(row).toEqual({
    sectionId: demo.section(3),
    sectionTitle: "Roles of UN police and partners",
    draftId: demo.doctrine.id,
    draftTitle: demo.doctrine.title,
    groupId: demo.wg1.id,
    groupName: demo.wg1.name,
  });

  // Agreed sections wait for nobody.
  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { status: "agreed" })).status).toBe(200);
  expect(await awaiting("interpol")).toEqual([demo.section(2)]);
  // An observer holds no pen and is asked for nothing, also once made observer.
  expect(
    (await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${demo.userId("interpol")}`, { role: "observer" }))
      .status,
  ).toBe(200);
  const observer = await myWork(await sessionFor(server, "interpol"));
  expect(observer).toEqual({ pen: [], awaitingComments: [], proposalsToDecide: [], myProposals: [] });
});

test("my work lists the proposals awaiting my decision and what became of the proposals I made", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const sgp = await sessionFor(server, "sgp");
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  const au = await sessionFor(server, "au");
  const section1 = demo.section(1);
  const propose = async (words: string, replacement: string) => {
    const anchor = await anchorOn(server, sgp.token, section1, words);
    const made = await sgp.request<{ id: string }>("POST", `/api/drafts/${demo.doctrine.id}/proposals`, {
      sectionId: section1,
      anchor,
      replacement,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body.id;
  };
  const kept = await propose("common principles", "shared principles");
  const refused = await propose("working methods", "methods of work");
  const waiting = await propose("post-conflict environments", "post-conflict settings");

  // USA holds the pen for section 1 and leads WG1: all three are theirs to decide.
  expect((await myWork(usa)).proposalsToDecide.map((p) => p.threadId)).toEqual([kept, refused, waiting]);
  expect((await myWork(usa)).proposalsToDecide[0]).toEqual({
    threadId: kept,
    sectionId: section1,
    sectionTitle: expect.any(String),
    draftId: demo.doctrine.id,
    draftTitle: demo.doctrine.title,
    groupId: demo.wg1.id,
    groupName: demo.wg1.name,
    createdAt: expect.any(Number),
    author: { id: expect.any(String), name: "Singapore point of contact", delegation: "SGP" },
  });
  // France neither holds that pen nor leads WG1; the observer decides nothing.
  expect((await myWork(fra)).proposalsToDecide).toEqual([]);
  expect((await myWork(au)).proposalsToDecide).toEqual([]);

  expect((await usa.request("POST", `/api/proposals/${kept}/accept`, {})).status).toBe(200);
  expect((await usa.request("POST", `/api/proposals/${refused}/reject`, { reason: "Agreed language." })).status).toBe(
    200,
  );

  // Decided proposals leave the USA's list.
  expect((await myWork(usa)).proposalsToDecide.map((p) => p.threadId)).toEqual([waiting]);
  // Singapore sees what became of each, the latest decision first.
  const mine = (await myWork(sgp)).myProposals;
  expect(mine.map((p) => [p.threadId, p.status])).toEqual([
    [refused, "rejected"],
    [kept, "accepted"],
    [waiting, "open"],
  ]);
  expect(mine[0]).toMatchObject({
    decidedBy: { name: "United States point of contact", delegation: "USA" },
    decidedAt: expect.any(Number),
    reason: "Agreed language.",
  });
  expect(mine[1]).toMatchObject({ decidedBy: { delegation: "USA" }, reason: null });
  expect(mine[2]).toMatchObject({ decidedBy: null, decidedAt: null, reason: null });
  // Nobody else's list shows Singapore's proposals as theirs.
  expect((await myWork(usa)).myProposals).toEqual([]);
});
