import { beforeAll, describe, expect, test } from "vitest";
import type { DraftDetail, SectionMeta } from "../../shared/types.ts";
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

async function sectionAsSeen(sectionId: string): Promise<SectionMeta | undefined> {
  const draft = await as("au").request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
  return draft.body.sections.find((section) => section.id === sectionId);
}

/** Both groups, as the admin sees them: equal before and after means nothing changed anywhere. */
async function everything() {
  const admin = as("secretariat");
  return [await groupSnapshot(admin, demo.wg1.id), await groupSnapshot(admin, demo.wg2.id)];
}

describe("PATCH /api/sections/:sectionId", () => {
  test("a lead renames a section and gets the updated section back", async () => {
    const result = await as("usa").request<SectionMeta>("PATCH", `/api/sections/${demo.section(3)}`, {
      title: "Roles of UN police, host states and partners",
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      id: demo.section(3),
      title: "Roles of UN police, host states and partners",
      penholders: [demo.userId("fra")],
      status: "drafting",
    });
    expect(await sectionAsSeen(demo.section(3))).toEqual(result.body);
  });

  test("a lead sets a section's status", async () => {
    const review = await as("usa").request<SectionMeta>("PATCH", `/api/sections/${demo.section(4)}`, {
      status: "review",
    });
    expect(review.status).toBe(200);
    expect(review.body.status).toBe("review");
    expect((await sectionAsSeen(demo.section(4)))?.status).toBe("review");
    const back = await as("usa").request<SectionMeta>("PATCH", `/api/sections/${demo.section(4)}`, {
      status: "drafting",
    });
    expect(back.body.status).toBe("drafting");
  });

  test("a lead assigns penholders (members or leads, in the given order) and can clear them", async () => {
    const penholders = [demo.userId("interpol"), demo.userId("sgp"), demo.userId("usa")];
    const assigned = await as("secretariat").request<SectionMeta>("PATCH", `/api/sections/${demo.section(5)}`, {
      penholders,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.penholders).toEqual(penholders);
    expect((await sectionAsSeen(demo.section(5)))?.penholders).toEqual(penholders);
    const cleared = await as("usa").request<SectionMeta>("PATCH", `/api/sections/${demo.section(5)}`, {
      penholders: [],
    });
    expect(cleared.body.penholders).toEqual([]);
    expect((await sectionAsSeen(demo.section(5)))?.penholders).toEqual([]);
  });

  test("a lead changes title, status and penholders in one request", async () => {
    const result = await as("usa").request<SectionMeta>("PATCH", `/api/sections/${demo.section(5)}`, {
      title: "Capacity building and training",
      status: "review",
      penholders: [demo.userId("fra")],
    });
    expect(result.body).toEqual({
      id: demo.section(5),
      title: "Capacity building and training",
      status: "review",
      penholders: [demo.userId("fra")],
    });
    expect(await sectionAsSeen(demo.section(5))).toEqual(result.body);
  });

  const leadOnly = [
    { account: "sgp", who: "the section's own penholder", section: 2, fields: "title", body: () => ({ title: "SGP" }) },
    {
      account: "sgp",
      who: "the section's own penholder",
      section: 2,
      fields: "status",
      body: () => ({ status: "agreed" }),
    },
    {
      account: "sgp",
      who: "the section's own penholder",
      section: 2,
      fields: "penholders",
      body: () => ({ penholders: [demo.userId("sgp"), demo.userId("interpol")] }),
    },
    {
      account: "interpol",
      who: "a member",
      section: 5,
      fields: "penholders",
      body: () => ({ penholders: [demo.userId("interpol")] }),
    },
    { account: "interpol", who: "a member", section: 1, fields: "title", body: () => ({ title: "Purpose" }) },
    {
      account: "au",
      who: "an observer",
      section: 5,
      fields: "penholders",
      body: () => ({ penholders: [demo.userId("sgp")] }),
    },
    { account: "au", who: "an observer", section: 1, fields: "status", body: () => ({ status: "review" }) },
    {
      account: "fra",
      who: "a lead of the other group",
      section: 3,
      fields: "title and status",
      body: () => ({ title: "Roles (France)", status: "agreed" }),
    },
  ] as const;
  for (const { account, section, body, who, fields } of leadOnly)
    test(`${who} (${account}) may not change the ${fields} of section ${section}: 403 and nothing changes`, async () => {
      const before = await everything();
      const result = await as(account).request("PATCH", `/api/sections/${demo.section(section)}`, body());
      expectApiError(result, 403, "forbidden");
      expect(await everything()).toEqual(before);
    });

  test("a non-member is told the section does not exist, and nothing changes", async () => {
    const before = await everything();
    const outsider = await as("gha").request("PATCH", `/api/sections/${demo.section(1)}`, { title: "Taken over" });
    const unknown = await as("gha").request("PATCH", `/api/sections/${unknownId()}`, { title: "Taken over" });
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
    // A lead of one group is an outsider to the other.
    const tocSection = demo.tocDraft.sections[0]?.id ?? "";
    expectApiError(await as("usa").request("PATCH", `/api/sections/${tocSection}`, { title: "Taken over" }), 404);
    expect(await everything()).toEqual(before);
  });

  const invalid = [
    { what: "an empty body", body: () => ({}) },
    { what: "an unknown field", body: () => ({ title: "Fine", draftId: demo.tocDraft.id }) },
    { what: "an empty title", body: () => ({ title: "" }) },
    { what: "a title that is too long", body: () => ({ title: "z".repeat(201) }) },
    { what: "a status that does not exist", body: () => ({ status: "final" }) },
    { what: "penholders that are not a list", body: () => ({ penholders: demo.userId("sgp") }) },
    { what: "a penholder who is an observer", body: () => ({ penholders: [demo.userId("au")] }) },
    { what: "a penholder who is not in the group", body: () => ({ penholders: [demo.userId("gha")] }) },
    { what: "a penholder who does not exist", body: () => ({ penholders: [unknownId()] }) },
    { what: "a malformed penholder id", body: () => ({ penholders: ["<script>"] }) },
    { what: "the same penholder twice", body: () => ({ penholders: [demo.userId("sgp"), demo.userId("sgp")] }) },
    {
      what: "a valid title with an ineligible penholder",
      body: () => ({ title: "Half applied?", penholders: [demo.userId("sgp"), demo.userId("au")] }),
    },
    { what: "a valid status with an invalid title", body: () => ({ status: "agreed", title: "  " }) },
  ];
  for (const { body, what } of invalid)
    test(`${what} is answered 400 and nothing changes`, async () => {
      const before = await everything();
      const result = await as("usa").request("PATCH", `/api/sections/${demo.section(2)}`, body());
      expectApiError(result, 400, "bad_request");
      expect(await everything()).toEqual(before);
    });

  test("the 400 for an ineligible penholder says which one and why", async () => {
    const result = await as("usa").request<{ error: { message: string } }>(
      "PATCH",
      `/api/sections/${demo.section(2)}`,
      {
        penholders: [demo.userId("au")],
      },
    );
    expect(result.body.error.message).toContain(demo.userId("au"));
    expect(result.body.error.message).toMatch(/members or leads/);
  });
});
