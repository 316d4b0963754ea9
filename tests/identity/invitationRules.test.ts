import { expect, test } from "vitest";
import type {
  AuditRecord,
  CreatedResponse,
  DraftDetail,
  GroupDetail,
  InvitationSummary,
  SessionResponse,
} from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot, request } from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sqliteOf } from "../helpers/sqlite.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { accept, invite, PASSWORD, sessionOf } from "./helpers.ts";

async function setup() {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const usa = await sessionFor(server, "usa");
  const demo = await demoWorkspace(server.url, admin);
  const list = async (groupId = demo.wg1.id) =>
    (await admin.request<InvitationSummary[]>("GET", `/api/groups/${groupId}/invitations`)).body;
  return { server, admin, usa, demo, list };
}

test("leads and the admin list a group's invitations with their state; members and observers may not (403)", async () => {
  const { server, usa, demo, list } = await setup();
  const pending = (await invite(usa, demo.wg1.id, { email: "a@plenary.test", role: "member", delegation: "FRA" })).body;
  const used = (await invite(usa, demo.wg1.id, { email: "b@plenary.test", role: "observer", delegation: "AU" })).body;
  expect((await accept(server.url, used.token, { name: "AU second liaison", password: PASSWORD })).status).toBe(201);

  const seen = await usa.request<InvitationSummary[]>("GET", `/api/groups/${demo.wg1.id}/invitations`);
  expect(seen.status).toBe(200);
  expect(seen.body).toEqual(await list());
  const byId = new Map(seen.body.map((i) => [i.id, i]));
  expect(byId.get(pending.id)).toEqual({
    id: pending.id,
    email: "a@plenary.test",
    role: "member",
    delegation: "FRA",
    invitedBy: { userId: usa.user.id, name: "United States point of contact", delegation: "USA" },
    createdAt: expect.any(Number),
    expiresAt: pending.expiresAt,
    status: "pending",
  });
  expect(byId.get(used.id)?.status).toBe("used");
  for (const account of ["sgp", "au"] as const) {
    expectApiError(
      await (await sessionFor(server, account)).request("GET", `/api/groups/${demo.wg1.id}/invitations`),
      403,
      "forbidden",
    );
  }
  expectApiError(await usa.request("GET", `/api/groups/${demo.wg2.id}/invitations`), 404, "not_found");
});

test("a revoked invitation link is dead: it can be neither looked at nor accepted; only its inviter, leads or the admin revoke", async () => {
  const { server, admin, usa, demo, list } = await setup();
  const created = (await invite(usa, demo.wg1.id, { email: "rev@plenary.test", role: "member", delegation: "SGP" }))
    .body;
  // A member of the group who did not send it may not; an outsider is told it does not exist.
  expectApiError(
    await (await sessionFor(server, "sgp")).request("DELETE", `/api/invitations/${created.id}`),
    403,
    "forbidden",
  );
  expectApiError(
    await (await sessionFor(server, "gha")).request("DELETE", `/api/invitations/${created.id}`),
    404,
    "not_found",
  );
  expect((await list()).find((i) => i.id === created.id)?.status).toBe("pending");

  const revoked = await usa.request("DELETE", `/api/invitations/${created.id}`);
  expect(revoked.status).toBe(204);
  expectApiError(await request(server.url, "GET", `/api/invitations/${created.token}`), 404, "not_found");
  expectApiError(await accept(server.url, created.token, { name: "Too late", password: PASSWORD }), 404, "not_found");
  expect(
    (await request(server.url, "POST", "/api/session", { body: { email: "rev@plenary.test", password: PASSWORD } }))
      .status,
  ).toBe(401);
  expect((await list()).find((i) => i.id === created.id)?.status).toBe("revoked");
  expectApiError(await admin.request("DELETE", `/api/invitations/${created.id}`), 409, "conflict");
  const [entry] = (
    await admin.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit?action=invitation.revoke`)
  ).body;
  expect(entry).toMatchObject({
    actor: { id: usa.user.id },
    target: created.id,
    details: { email: "rev@plenary.test" },
  });

  // The admin revokes a lead's invitation too.
  const other = (await invite(usa, demo.wg1.id, { email: "rev2@plenary.test", role: "observer", delegation: "AU" }))
    .body;
  expect((await admin.request("DELETE", `/api/invitations/${other.id}`)).status).toBe(204);
  expectApiError(await accept(server.url, other.token, { name: "Too late", password: PASSWORD }), 404, "not_found");
});

test("a member removed by a lead is not readmitted by a second pending invitation", async () => {
  const { server, admin, usa, demo, list } = await setup();
  const first = (await invite(usa, demo.wg1.id, { email: "twice@plenary.test", role: "member", delegation: "FRA" }))
    .body;
  const second = (await invite(usa, demo.wg1.id, { email: "twice@plenary.test", role: "member", delegation: "FRA" }))
    .body;
  const joined = await accept(server.url, first.token, { name: "France deputy", password: PASSWORD });
  expect(joined.status).toBe(201);
  const person = sessionOf(server.url, joined.body as SessionResponse);

  // The removal says, before it happens, that the other invitation stops working.
  const preview = await usa.request<{ effects: unknown[] }>(
    "GET",
    `/api/groups/${demo.wg1.id}/members/${person.user.id}/preview`,
  );
  expect(preview.body.effects).toContainEqual({
    kind: "invitationInvalidated",
    invitationId: second.id,
    email: "twice@plenary.test",
    reason: "inviteeRemoved",
  });
  expect((await usa.request("DELETE", `/api/groups/${demo.wg1.id}/members/${person.user.id}`)).status).toBe(204);
  const before = await groupSnapshot(admin, demo.wg1.id);

  expectApiError(await accept(server.url, second.token, {}, person.token), 404, "not_found");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect(before.group.members.some((m) => m.userId === person.user.id)).toBe(false);
  expect((await list()).find((i) => i.id === second.id)?.status).toBe("invalidated");
});

test("accepting an observer invitation as a group's only lead is refused (409): the group keeps its lead", async () => {
  const { server, admin, list } = await setup();
  const group = (await admin.request<CreatedResponse>("POST", "/api/groups", { name: "Border management" })).body;
  const asLead = (await invite(admin, group.id, { email: "chair@plenary.test", role: "lead", delegation: "NOR" })).body;
  const asObserver = (
    await invite(admin, group.id, { email: "chair@plenary.test", role: "observer", delegation: "NOR" })
  ).body;
  const joined = await accept(server.url, asLead.token, { name: "Norway chair", password: PASSWORD });
  expect(joined.status).toBe(201);
  const chair = sessionOf(server.url, joined.body as SessionResponse);

  const refused = await accept(server.url, asObserver.token, {}, chair.token);
  expectApiError(refused, 409, "conflict");
  const after = (await admin.request<GroupDetail>("GET", `/api/groups/${group.id}`)).body;
  expect(after.members).toEqual([{ userId: chair.user.id, name: "Norway chair", delegation: "NOR", role: "lead" }]);
  // Not used up by the refusal: it stays pending (and can be revoked).
  expect((await list(group.id)).find((i) => i.id === asObserver.id)?.status).toBe("pending");
});

test("a penholder who accepts an observer invitation loses the pen, as a role change would, and the audit names it", async () => {
  const { server, admin, usa, demo } = await setup();
  const asMember = (await invite(usa, demo.wg1.id, { email: "pen@plenary.test", role: "member", delegation: "SGP" }))
    .body;
  const asObserver = (
    await invite(usa, demo.wg1.id, { email: "pen@plenary.test", role: "observer", delegation: "SGP" })
  ).body;
  const joined = await accept(server.url, asMember.token, { name: "Singapore deputy", password: PASSWORD });
  const person = sessionOf(server.url, joined.body as SessionResponse);
  const section = demo.section(5);
  expect((await usa.request("PATCH", `/api/sections/${section}`, { penholders: [person.user.id] })).status).toBe(200);

  expect((await accept(server.url, asObserver.token, {}, person.token)).status).toBe(200);
  const draft = (await admin.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
  expect(draft.sections.find((s) => s.id === section)?.penholders).toEqual([]);
  const group = (await admin.request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`)).body;
  expect(group.members.find((m) => m.userId === person.user.id)?.role).toBe("observer");
  const [entry] = (
    await admin.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit?target=${person.user.id}`)
  ).body;
  expect(entry).toMatchObject({
    action: "member.role",
    details: {
      from: "member",
      to: "observer",
      invitationId: asObserver.id,
      effects: [{ kind: "penDropped", sectionId: section, sectionNumber: 5, sectionTitle: "Capacity building" }],
    },
  });
});

test("an invitation from a lead stops working once that lead is demoted", async () => {
  const { server, admin, usa, demo, list } = await setup();
  const created = (await invite(usa, demo.wg1.id, { email: "stale@plenary.test", role: "member", delegation: "USA" }))
    .body;
  const preview = await admin.request<{ effects: unknown[] }>(
    "GET",
    `/api/groups/${demo.wg1.id}/members/${usa.user.id}/preview?role=member`,
  );
  expect(preview.body.effects).toContainEqual({
    kind: "invitationInvalidated",
    invitationId: created.id,
    email: "stale@plenary.test",
    reason: "inviterLostRight",
  });
  expect(
    (await admin.request("PATCH", `/api/groups/${demo.wg1.id}/members/${usa.user.id}`, { role: "member" })).status,
  ).toBe(200);
  const before = await groupSnapshot(admin, demo.wg1.id);
  expectApiError(
    await accept(server.url, created.token, { name: "Stale invitee", password: PASSWORD }),
    404,
    "not_found",
  );
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect((await list()).find((i) => i.id === created.id)?.status).toBe("invalidated");
  expect(
    (await request(server.url, "POST", "/api/session", { body: { email: "stale@plenary.test", password: PASSWORD } }))
      .status,
  ).toBe(401);
});

test("an invitation whose inviter lost the right some other way is refused at acceptance (409) and listed as no longer valid", async () => {
  const { server, admin, usa, demo, list } = await setup();
  // A lead invites for France, a delegation of the group; then France's only member leaves.
  const created = (await invite(usa, demo.wg1.id, { email: "late@plenary.test", role: "member", delegation: "FRA" }))
    .body;
  // Written directly, as a change that does not pass through the membership rules would be.
  sqliteOf(server.plenary.db)
    .prepare("DELETE FROM memberships WHERE group_id = ? AND user_id = ?")
    .run(demo.wg1.id, demo.userId("fra"));
  expect((await list()).find((i) => i.id === created.id)?.status).toBe("invalidated");
  const before = await groupSnapshot(admin, demo.wg1.id);
  expectApiError(
    await accept(server.url, created.token, { name: "Late invitee", password: PASSWORD }),
    409,
    "conflict",
  );
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
});
