import { beforeAll, expect, test } from "vitest";
import type {
  AuditRecord,
  GroupSummary,
  InvitationCreated,
  InvitationPreview,
  NewcomerAccepted,
  SessionResponse,
  User,
} from "../../shared/types.ts";
import {
  DEMO_PASSWORD,
  type DemoWorkspace,
  demoWorkspace,
  expectApiError,
  groupSnapshot,
  request,
  type Session,
  unknownId,
} from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer, startTestServer } from "../helpers/testServer.ts";

// Each test invites its own addresses, so one server serves the file.
const server = sharedTestServer();
let demo: DemoWorkspace;
let admin: Session;
let usa: Session;

beforeAll(async () => {
  admin = await sessionFor(server.current, "secretariat");
  usa = await sessionFor(server.current, "usa");
  demo = await demoWorkspace(server.current.url, admin);
});

const NEWCOMER = { name: "Germany point of contact", password: "a long enough password" };

/** Leads invite for delegations already in the group; the admin for any (Germany is in neither group). */
async function invite(by: Session, groupId: string, email: string, role: string, delegation?: string) {
  return by.request<InvitationCreated>("POST", `/api/groups/${groupId}/invitations`, {
    email,
    role,
    ...(delegation && { delegation }),
  });
}

function accept(token: string, body: unknown, sessionToken?: string) {
  return request<SessionResponse | { groupId: string }>(
    server.current.url,
    "POST",
    `/api/invitations/${token}/accept`,
    { body, ...(sessionToken && { token: sessionToken }) },
  );
}

const auditNow = async () => (await admin.request<AuditRecord[]>("GET", "/api/audit?limit=500")).body;

test("a lead invites someone new for a delegation of the group; they set name and password, are signed in and see the group", async () => {
  const created = await invite(usa, demo.wg1.id, "deu@plenary.test", "member", "FRA");
  expect(created.status).toBe(201);
  const { token, url, expiresAt } = created.body;
  expect(token.length).toBeGreaterThanOrEqual(32);
  expect(url).toBe(`${server.current.url}/invitations/${token}`);
  expect(expiresAt).toBeGreaterThan(Date.now());

  const preview = await request<InvitationPreview>(server.current.url, "GET", `/api/invitations/${token}`);
  expect(preview.body).toEqual({
    groupName: demo.wg1.name,
    email: "deu@plenary.test",
    role: "member",
    delegation: { code: "FRA", name: "France", kind: "state" },
    expiresAt,
    accountExists: false,
  });

  const accepted = await accept(token, NEWCOMER);
  expect(accepted.status).toBe(201);
  const session = accepted.body as NewcomerAccepted;
  // The answer names the group joined, so the newcomer lands on it rather than on a list.
  expect(session.groupId).toBe(demo.wg1.id);
  expect(session.user).toMatchObject({
    email: "deu@plenary.test",
    name: NEWCOMER.name,
    delegation: "FRA",
    isAdmin: false,
  });
  const cookie = accepted.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/plenary_session=[^;]+;/);
  expect(cookie).toMatch(/HttpOnly/i);

  // Signed in, by the returned token and by the cookie a browser keeps.
  const byToken = await request<User>(server.current.url, "GET", "/api/me", { token: session.token });
  expect(byToken.body.id).toBe(session.user.id);
  const groups = await request<GroupSummary[]>(server.current.url, "GET", "/api/groups", {
    headers: { cookie: cookie.split(";")[0] ?? "" },
  });
  expect(groups.body).toEqual([{ id: demo.wg1.id, name: demo.wg1.name, role: "member" }]);
  // The password they chose works for signing in later.
  const signedIn = await request(server.current.url, "POST", "/api/session", {
    body: { email: "deu@plenary.test", password: NEWCOMER.password },
  });
  expect(signedIn.status).toBe(200);
});

test("an invitation token works once: the second accept is 404 and creates nothing", async () => {
  const { token } = (await invite(admin, demo.wg1.id, "jpn@plenary.test", "observer", "JPN")).body;
  const first = await accept(token, { ...NEWCOMER, name: "Japan point of contact" });
  expect(first.status).toBe(201);
  const before = await groupSnapshot(admin, demo.wg1.id);
  const auditBefore = await auditNow();

  const second = await accept(token, { ...NEWCOMER, name: "Someone else" });
  expectApiError(second, 404, "not_found");
  expectApiError(await request(server.current.url, "GET", `/api/invitations/${token}`), 404, "not_found");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect(await auditNow()).toEqual(auditBefore);
});

test("two accepts of one token at the same moment create one account; the other is told the link is used (404)", async () => {
  const { token } = (await invite(admin, demo.wg1.id, "rwa@plenary.test", "member", "RWA")).body;
  const auditBefore = await auditNow();
  const results = await Promise.all([
    accept(token, { ...NEWCOMER, name: "Rwanda point of contact" }),
    accept(token, { ...NEWCOMER, name: "Someone racing" }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 404]);
  const lost = results.find((r) => r.status !== 201);
  if (lost) expectApiError(lost, 404, "not_found");
  const joined = (await auditNow()).filter((e) => !auditBefore.some((b) => b.id === e.id));
  expect(joined.map((e) => e.action)).toEqual(["member.join"]);
});

test("an expired invitation can be neither looked at nor accepted", async () => {
  const shortLived = await startTestServer({ invitationTtlMs: 50 });
  const lead = await sessionFor(shortLived, "usa");
  const wg1 = (await demoWorkspace(shortLived.url, await sessionFor(shortLived, "secretariat"))).wg1;
  const created = await lead.request<InvitationCreated>("POST", `/api/groups/${wg1.id}/invitations`, {
    email: "nor@plenary.test",
    role: "member",
    delegation: "SGP",
  });
  expect(created.status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 100));

  const { token } = created.body;
  expectApiError(await request(shortLived.url, "GET", `/api/invitations/${token}`), 404, "not_found");
  const late = await request(shortLived.url, "POST", `/api/invitations/${token}/accept`, {
    body: NEWCOMER,
  });
  expectApiError(late, 404, "not_found");
  expect(
    (
      await request(shortLived.url, "POST", "/api/session", {
        body: { email: "nor@plenary.test", password: NEWCOMER.password },
      })
    ).status,
  ).toBe(401);
});

test("an invitation for an existing account is accepted only by that account, signed in", async () => {
  // Ghana belongs to WG2 only.
  const { token } = (await invite(admin, demo.wg1.id, "gha@plenary.test", "member")).body;
  const preview = await request<InvitationPreview>(server.current.url, "GET", `/api/invitations/${token}`);
  expect(preview.body.accountExists).toBe(true);
  const before = await groupSnapshot(admin, demo.wg1.id);

  // Not signed in, even offering a new password: refused, and the account keeps its own.
  expectApiError(await accept(token, {}), 401, "unauthorized");
  expectApiError(await accept(token, NEWCOMER), 401, "unauthorized");
  // Signed in as someone else: refused.
  expectApiError(await accept(token, {}, (await sessionFor(server.current, "sgp")).token), 401, "unauthorized");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  const oldPassword = await request(server.current.url, "POST", "/api/session", {
    body: { email: "gha@plenary.test", password: DEMO_PASSWORD },
  });
  expect(oldPassword.status).toBe(200);

  // The refusals did not use the token up: Ghana, signed in, accepts it.
  const gha = await sessionFor(server.current, "gha");
  const accepted = await accept(token, {}, gha.token);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toEqual({ groupId: demo.wg1.id });
  const groups = (await gha.request<GroupSummary[]>("GET", "/api/groups")).body;
  expect(groups.find((g) => g.id === demo.wg1.id)?.role).toBe("member");
  expectApiError(await accept(token, {}, gha.token), 404, "not_found");
});

test("a lead may not invite a lead (403, no invitation); the admin may", async () => {
  const auditBefore = await auditNow();
  expectApiError(await invite(usa, demo.wg1.id, "egy@plenary.test", "lead", "USA"), 403, "forbidden");
  expect(await auditNow()).toEqual(auditBefore);

  const byAdmin = await invite(admin, demo.wg1.id, "egy@plenary.test", "lead", "EGY");
  expect(byAdmin.status).toBe(201);
  const accepted = await accept(byAdmin.body.token, { ...NEWCOMER, name: "Egypt point of contact" });
  expect(accepted.status).toBe(201);
  const newcomer = accepted.body as SessionResponse;
  const groups = await request<GroupSummary[]>(server.current.url, "GET", "/api/groups", { token: newcomer.token });
  expect(groups.body).toEqual([{ id: demo.wg1.id, name: demo.wg1.name, role: "lead" }]);
});

test("inviting someone who is already in the group is 409, whatever the role", async () => {
  const auditBefore = await auditNow();
  for (const [email, role] of [
    ["sgp@plenary.test", "member"],
    ["SGP@plenary.test", "observer"],
    ["au@plenary.test", "member"],
    ["usa@plenary.test", "member"],
  ] as const) {
    expectApiError(await invite(admin, demo.wg1.id, email, role), 409, "conflict");
  }
  expect(await auditNow()).toEqual(auditBefore);
});

test("members and observers may not invite (403) and outsiders are told the group does not exist (404)", async () => {
  const before = await groupSnapshot(admin, demo.wg1.id);
  const auditBefore = await auditNow();
  for (const account of ["sgp", "interpol", "au"] as const) {
    for (const role of ["member", "observer", "lead"]) {
      const result = await invite(await sessionFor(server.current, account), demo.wg1.id, "ind@plenary.test", role);
      expectApiError(result, 403, "forbidden");
    }
  }
  // France leads WG2 but is a plain member of WG1.
  expectApiError(await invite(await sessionFor(server.current, "fra"), demo.wg1.id, "ind@plenary.test", "member"), 403);
  // Outsiders to WG2 (the lead of WG1 among them) get the 404 of a group that does not exist.
  const wg2Before = await groupSnapshot(admin, demo.wg2.id);
  for (const account of ["usa", "sgp"] as const) {
    const outsider = await invite(await sessionFor(server.current, account), demo.wg2.id, "ind@plenary.test", "member");
    const unknown = await invite(await sessionFor(server.current, account), unknownId(), "ind@plenary.test", "member");
    expectApiError(outsider, 404, "not_found");
    expect(outsider.body).toEqual(unknown.body);
  }
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect(await groupSnapshot(admin, demo.wg2.id)).toEqual(wg2Before);
  expect(await auditNow()).toEqual(auditBefore);
});

test("a token that was never issued is 404, to look at and to accept", async () => {
  for (const token of ["A".repeat(43), "not-a-token", "x".repeat(300)]) {
    expectApiError(await request(server.current.url, "GET", `/api/invitations/${token}`), 404, "not_found");
    expectApiError(await accept(token, NEWCOMER), 404, "not_found");
  }
});
