import { beforeAll, describe, expect, test } from "vitest";
import type { CreatedResponse, DraftDetail, GroupDetail, GroupSummary } from "../../shared/types.ts";
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
let admin: Session;
const sessions = new Map<DemoAccount, Session>();

beforeAll(async () => {
  demo = await demoWorkspace(server.current.url);
  admin = await signIn(server.current.url, "secretariat");
  for (const account of ["usa", "sgp", "fra", "gha", "au", "interpol"] as const) {
    sessions.set(account, await signIn(server.current.url, account));
  }
});

function as(account: DemoAccount): Session {
  if (account === "secretariat") return admin;
  const session = sessions.get(account);
  if (!session) throw new Error(`no session for ${account}`);
  return session;
}

describe("GET /api/groups", () => {
  const memberships: { account: DemoAccount; groups: { wg: "wg1" | "wg2"; role: string }[] }[] = [
    {
      account: "secretariat",
      groups: [
        { wg: "wg1", role: "lead" },
        { wg: "wg2", role: "lead" },
      ],
    },
    { account: "usa", groups: [{ wg: "wg1", role: "lead" }] },
    { account: "sgp", groups: [{ wg: "wg1", role: "member" }] },
    {
      account: "fra",
      groups: [
        { wg: "wg1", role: "member" },
        { wg: "wg2", role: "lead" },
      ],
    },
    { account: "gha", groups: [{ wg: "wg2", role: "member" }] },
    {
      account: "au",
      groups: [
        { wg: "wg1", role: "observer" },
        { wg: "wg2", role: "observer" },
      ],
    },
    { account: "interpol", groups: [{ wg: "wg1", role: "member" }] },
  ];
  for (const { account, groups } of memberships)
    test(`lists exactly the groups ${account} belongs to, with its role in each`, async () => {
      const result = await as(account).request<GroupSummary[]>("GET", "/api/groups");
      expect(result.status).toBe(200);
      const expected = groups.map(({ wg, role }) => ({ id: demo[wg].id, name: demo[wg].name, role }));
      expect([...result.body].sort(byId)).toEqual(expected.sort(byId));
    });
});

describe("GET /api/groups/:groupId", () => {
  test("shows a member the group's members with delegation and role, and its drafts", async () => {
    const result = await as("sgp").request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      id: demo.wg1.id,
      name: "International police doctrine for post-conflict environments",
      role: "member",
      drafts: [{ id: demo.doctrine.id, title: "Doctrine — zero draft" }],
    });
    const members = result.body.members.map(({ name, delegation, role }) => `${delegation} ${role} ${name}`).sort();
    expect(members).toEqual([
      "AU observer African Union liaison",
      "FRA member France point of contact",
      "INTERPOL member INTERPOL liaison",
      "SGP member Singapore point of contact",
      "UN lead Police Division secretariat",
      "USA lead United States point of contact",
    ]);
    for (const member of result.body.members) {
      expect(Object.keys(member).sort()).toEqual(["delegation", "name", "role", "userId"]);
    }
  });

  test("shows an observer the same group, with the observer role", async () => {
    const member = await as("sgp").request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`);
    const observer = await as("au").request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`);
    expect(observer.status).toBe(200);
    expect({ ...observer.body, role: "member" }).toEqual(member.body);
    expect(observer.body.role).toBe("observer");
    expect(observer.body.drafts).toEqual([{ id: demo.doctrine.id, title: "Doctrine — zero draft" }]);
  });

  test("a non-member gets the same 404 as for a group that does not exist", async () => {
    const outsider = await as("gha").request("GET", `/api/groups/${demo.wg1.id}`);
    const unknown = await as("gha").request("GET", `/api/groups/${unknownId()}`);
    const malformed = await as("gha").request("GET", "/api/groups/not%20an%20id");
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
    expect(outsider.body).toEqual(malformed.body);
    expect(JSON.stringify(outsider.body)).not.toContain(demo.wg1.name);
  });
});

describe("POST /api/groups/:groupId/drafts", () => {
  test("a lead creates a draft with one empty section", async () => {
    const created = await as("usa").request<CreatedResponse>("POST", `/api/groups/${demo.wg1.id}/drafts`, {
      title: "Doctrine — Lyon revision",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });

    const draft = await as("sgp").request<DraftDetail>("GET", `/api/drafts/${created.body.id}`);
    expect(draft.status).toBe(200);
    expect(draft.body).toEqual({
      id: created.body.id,
      groupId: demo.wg1.id,
      title: "Doctrine — Lyon revision",
      paragraphNumbers: true,
      sections: [{ id: expect.any(String), title: expect.any(String), penholders: [], status: "drafting" }],
    });
    const group = await as("au").request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`);
    expect(group.body.drafts).toContainEqual({ id: created.body.id, title: "Doctrine — Lyon revision" });
  });

  test("ids are random, not sequential", async () => {
    const ids: string[] = [];
    for (const title of ["First", "Second"]) {
      ids.push((await admin.request<CreatedResponse>("POST", `/api/groups/${demo.wg2.id}/drafts`, { title })).body.id);
    }
    const [first = "", second = ""] = ids;
    expect(first).not.toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(16);
    expect(second.slice(0, -2)).not.toBe(first.slice(0, -2));
  });

  test("the site admin and a lead of the group may create drafts there; a lead elsewhere may not", async () => {
    const byAdmin = await admin.request("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Secretariat note" });
    expect(byAdmin.status).toBe(201);
    const byFranceInWg2 = await as("fra").request("POST", `/api/groups/${demo.wg2.id}/drafts`, { title: "Lyon" });
    expect(byFranceInWg2.status).toBe(201);
    const before = await groupSnapshot(admin, demo.wg1.id);
    const byFranceInWg1 = await as("fra").request("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Lyon" });
    expectApiError(byFranceInWg1, 403, "forbidden");
    expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  });

  for (const account of ["sgp", "interpol", "au"] as const)
    test(`${account} (a member or observer) is refused with 403 and no draft appears`, async () => {
      const before = await groupSnapshot(admin, demo.wg1.id);
      const result = await as(account).request("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Unauthorised" });
      expectApiError(result, 403, "forbidden");
      expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
    });

  test("a non-member is told the group does not exist, and no draft appears", async () => {
    const before = await groupSnapshot(admin, demo.wg1.id);
    const outsider = await as("gha").request("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Intrusion" });
    const unknown = await as("gha").request("POST", `/api/groups/${unknownId()}/drafts`, { title: "Intrusion" });
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
    expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  });

  const invalid = [
    { what: "an empty title", body: { title: "" } },
    { what: "a title of spaces", body: { title: "   " } },
    { what: "a title that is too long", body: { title: "x".repeat(201) } },
    { what: "a title with control characters", body: { title: "Zero\u0000draft" } },
    { what: "a title that is not a string", body: { title: 42 } },
    { what: "no title", body: {} },
    { what: "an unknown field", body: { title: "Fine title", groupId: "someone-else" } },
    { what: "an array", body: [{ title: "Fine title" }] },
  ];
  for (const { body, what } of invalid)
    test(`${what} is answered 400 and no draft appears`, async () => {
      const before = await groupSnapshot(admin, demo.wg1.id);
      const result = await as("usa").request("POST", `/api/groups/${demo.wg1.id}/drafts`, body);
      expectApiError(result, 400, "bad_request");
      expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
    });
});

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}
