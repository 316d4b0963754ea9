import { beforeAll, describe, expect, test } from "vitest";
import type { CreatedResponse, DraftDetail } from "../../shared/types.ts";
import {
  type DemoAccount,
  type DemoWorkspace,
  demoWorkspace,
  expectApiError,
  groupSnapshot,
  type Session,
  signIn,
  unknownId,
} from "../helpers/api.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

const server = sharedTestServer();
let demo: DemoWorkspace;
const sessions = new Map<DemoAccount, Session>();

beforeAll(async () => {
  demo = await demoWorkspace(server.current.url);
  for (const account of ["secretariat", "usa", "sgp", "fra", "gha", "au", "interpol"] as const) {
    sessions.set(account, await signIn(server.current.url, account));
  }
});

function as(account: DemoAccount): Session {
  const session = sessions.get(account);
  if (!session) throw new Error(`no session for ${account}`);
  return session;
}

async function doctrine(): Promise<DraftDetail> {
  return (await as("usa").request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
}

describe("GET /api/drafts/:draftId", () => {
  test("shows a member the draft with its sections, penholders and status, in order", async () => {
    const result = await as("interpol").request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
    expect(result.status).toBe(200);
    expect(result.body.id).toBe(demo.doctrine.id);
    expect(result.body.groupId).toBe(demo.wg1.id);
    expect(result.body.title).toBe("Doctrine — zero draft");
    expect(result.body.sections.slice(0, 5)).toEqual([
      { id: demo.section(1), title: "Purpose and scope", penholders: [demo.userId("usa")], status: expect.any(String) },
      {
        id: demo.section(2),
        title: "Guiding principles",
        penholders: [demo.userId("sgp")],
        status: expect.any(String),
      },
      {
        id: demo.section(3),
        title: "Roles of UN police and partners",
        penholders: [demo.userId("fra")],
        status: expect.any(String),
      },
      {
        id: demo.section(4),
        title: "Cooperation with INTERPOL and regional organisations",
        penholders: [demo.userId("interpol")],
        status: expect.any(String),
      },
      { id: demo.section(5), title: "Capacity building", penholders: [], status: expect.any(String) },
    ]);
  });

  test("shows an observer the same draft", async () => {
    const observer = await as("au").request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
    expect(observer.status).toBe(200);
    expect(observer.body).toEqual(await doctrine());
  });

  test("a non-member gets the same 404 as for a draft that does not exist", async () => {
    const outsider = await as("gha").request("GET", `/api/drafts/${demo.doctrine.id}`);
    const unknown = await as("gha").request("GET", `/api/drafts/${unknownId()}`);
    const malformed = await as("gha").request("GET", "/api/drafts/..%2F..%2Fetc");
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
    expect(outsider.body).toEqual(malformed.body);
    // And the other way round: a WG1 member cannot read WG2's draft.
    expectApiError(await as("sgp").request("GET", `/api/drafts/${demo.tocDraft.id}`), 404, "not_found");
  });
});

describe("POST /api/drafts/:draftId/sections", () => {
  test("a lead adds a section at the end of the draft", async () => {
    const created = await as("usa").request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
      title: "Monitoring and evaluation",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String) });
    const sections = (await doctrine()).sections;
    expect(sections.at(-1)).toEqual({
      id: created.body.id,
      title: "Monitoring and evaluation",
      penholders: [],
      status: "drafting",
    });
  });

  test("a lead adds a section right after another one", async () => {
    const created = await as("secretariat").request<CreatedResponse>(
      "POST",
      `/api/drafts/${demo.doctrine.id}/sections`,
      { title: "Definitions", afterSectionId: demo.section(1) },
    );
    expect(created.status).toBe(201);
    const ids = (await doctrine()).sections.map((section) => section.id);
    expect(ids.slice(0, 3)).toEqual([demo.section(1), created.body.id, demo.section(2)]);
  });

  for (const account of ["sgp", "interpol", "au"] as const)
    test(`${account} (a member or observer) is refused with 403 and the draft is unchanged`, async () => {
      const before = await groupSnapshot(as("secretariat"), demo.wg1.id);
      const result = await as(account).request("POST", `/api/drafts/${demo.doctrine.id}/sections`, { title: "Mine" });
      expectApiError(result, 403, "forbidden");
      expect(await groupSnapshot(as("secretariat"), demo.wg1.id)).toEqual(before);
    });

  test("a lead of another group is told the draft does not exist, and it is unchanged", async () => {
    const before = await groupSnapshot(as("secretariat"), demo.wg2.id);
    const outsider = await as("usa").request("POST", `/api/drafts/${demo.tocDraft.id}/sections`, { title: "Mine" });
    const unknown = await as("usa").request("POST", `/api/drafts/${unknownId()}/sections`, { title: "Mine" });
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
    expect(await groupSnapshot(as("secretariat"), demo.wg2.id)).toEqual(before);
  });

  test("an afterSectionId from another draft of the same group is answered 400 and changes neither draft", async () => {
    const usa = as("usa");
    const other = await usa.request<CreatedResponse>("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Annexes" });
    const otherSection = (await usa.request<DraftDetail>("GET", `/api/drafts/${other.body.id}`)).body.sections[0]?.id;
    const before = await groupSnapshot(as("secretariat"), demo.wg1.id);
    const result = await usa.request("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
      title: "Misplaced",
      afterSectionId: otherSection,
    });
    expectApiError(result, 400, "bad_request");
    expect(await groupSnapshot(as("secretariat"), demo.wg1.id)).toEqual(before);
  });

  test("titles in any script are kept as typed, without surrounding spaces", async () => {
    const created = await as("usa").request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
      title: "  التعاون مع الشرطة الوطنية — Coopération  ",
    });
    expect(created.status).toBe(201);
    const section = (await doctrine()).sections.find((candidate) => candidate.id === created.body.id);
    expect(section?.title).toBe("التعاون مع الشرطة الوطنية — Coopération");
  });

  // Bodies are built inside the test: the ids come from the running server.
  const invalid: { what: string; body: () => unknown }[] = [
    { what: "an empty title", body: () => ({ title: "" }) },
    { what: "a title of spaces", body: () => ({ title: " \t " }) },
    { what: "a title that is too long", body: () => ({ title: "y".repeat(201) }) },
    { what: "a title with a newline", body: () => ({ title: "Two\nlines" }) },
    { what: "no title", body: () => ({ afterSectionId: demo.section(1) }) },
    { what: "an unknown field", body: () => ({ title: "Annex", penholders: [demo.userId("sgp")] }) },
    { what: "an afterSectionId from another draft", body: () => ({ title: "Annex", afterSectionId: tocSection() }) },
    { what: "an afterSectionId that does not exist", body: () => ({ title: "Annex", afterSectionId: unknownId() }) },
    { what: "a malformed afterSectionId", body: () => ({ title: "Annex", afterSectionId: "1; DROP TABLE sections" }) },
    { what: "a null afterSectionId", body: () => ({ title: "Annex", afterSectionId: null }) },
  ];
  for (const { body, what } of invalid)
    test(`${what} is answered 400 and no section appears, in either draft`, async () => {
      const admin = as("secretariat");
      const before = [await groupSnapshot(admin, demo.wg1.id), await groupSnapshot(admin, demo.wg2.id)];
      const result = await admin.request("POST", `/api/drafts/${demo.doctrine.id}/sections`, body());
      expectApiError(result, 400, "bad_request");
      expect([await groupSnapshot(admin, demo.wg1.id), await groupSnapshot(admin, demo.wg2.id)]).toEqual(before);
    });
});

function tocSection(): string {
  const id = demo.tocDraft.sections[0]?.id;
  if (!id) throw new Error("the second group's draft has no section");
  return id;
}
