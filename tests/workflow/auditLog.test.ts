import { expect, test } from "vitest";
import type { AuditRecord, CreatedResponse, InvitationCreated, SessionResponse } from "../../shared/types.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError, request, type Session } from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sqliteOf } from "../helpers/sqlite.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

async function auditOf(reader: Session, path: string): Promise<AuditRecord[]> {
  const result = await reader.request<AuditRecord[]>("GET", path);
  if (result.status !== 200) throw new Error(`cannot read ${path}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** A lead's workflow on WG1 of the demo, one request per kind of audited action; returns what it did. */
async function runWorkflow(server: TestServer, demo: DemoWorkspace) {
  const admin = await sessionFor(server, "secretariat");
  const usa = await sessionFor(server, "usa");
  const ok = async <T>(promise: Promise<{ status: number; body: T }>): Promise<T> => {
    const result = await promise;
    expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
    return result.body;
  };
  const added = await ok(
    usa.request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, { title: "Annex: glossary" }),
  );
  await ok(usa.request("PATCH", `/api/sections/${added.id}`, { penholders: [demo.userId("sgp")] }));
  await ok(usa.request("PATCH", `/api/sections/${demo.section(1)}`, { status: "review" }));
  await ok(usa.request("PATCH", `/api/sections/${demo.section(1)}`, { title: "Purpose" }));
  await ok(usa.request("DELETE", `/api/sections/${demo.section(5)}`));
  await ok(usa.request("POST", `/api/sections/${demo.section(5)}/restore`));
  const order = [demo.section(5), demo.section(1), demo.section(2), demo.section(3), demo.section(4), added.id];
  await ok(usa.request("PUT", `/api/drafts/${demo.doctrine.id}/order`, { sectionIds: order }));
  await ok(usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${demo.userId("sgp")}`, { role: "observer" }));
  const invitation = await ok(
    usa.request<InvitationCreated>("POST", `/api/groups/${demo.wg1.id}/invitations`, {
      email: "deu@plenary.test",
      role: "member",
      delegation: "FRA",
    }),
  );
  const joined = await ok(
    request<SessionResponse>(server.url, "POST", `/api/invitations/${invitation.token}/accept`, {
      body: { name: "France deputy point of contact", password: "a long enough password" },
    }),
  );
  await ok(usa.request("DELETE", `/api/groups/${demo.wg1.id}/members/${demo.userId("interpol")}`));
  const group = await ok(admin.request<CreatedResponse>("POST", "/api/groups", { name: "Cybercrime working group" }));
  return { added: added.id, order, invitation, newcomer: joined.user, newGroup: group.id };
}

test("every workflow action writes one entry with the actor, their delegation, the time and what changed", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const startedAt = Date.now();
  const done = await runWorkflow(server, demo);
  const finishedAt = Date.now();
  const usa = { id: demo.userId("usa"), name: "United States point of contact", delegation: "USA" };
  const draftId = demo.doctrine.id;
  const before = demo.doctrine.sections.map((section) => section.id);

  const log = (await auditOf(await sessionFor(server, "usa"), `/api/groups/${demo.wg1.id}/audit`)).reverse();
  expect(
    log.map(({ action, actor, groupId, target, details }) => ({ action, actor, groupId, target, details })),
  ).toEqual([
    {
      action: "section.create",
      actor: usa,
      groupId: demo.wg1.id,
      target: done.added,
      details: { draftId, title: "Annex: glossary", afterSectionId: null },
    },
    {
      action: "section.update",
      actor: usa,
      groupId: demo.wg1.id,
      target: done.added,
      details: { draftId, penholders: { from: [], to: [demo.userId("sgp")] } },
    },
    {
      action: "section.update",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.section(1),
      details: { draftId, status: { from: "drafting", to: "review" } },
    },
    {
      action: "section.update",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.section(1),
      details: { draftId, title: { from: "Purpose and scope", to: "Purpose" } },
    },
    {
      action: "section.remove",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.section(5),
      details: { draftId, title: "Capacity building" },
    },
    {
      action: "section.restore",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.section(5),
      details: { draftId, title: "Capacity building" },
    },
    {
      action: "section.reorder",
      actor: usa,
      groupId: demo.wg1.id,
      target: draftId,
      // The restore put section 5 last.
      details: { from: [...before.slice(0, 4), done.added, demo.section(5)], to: done.order },
    },
    {
      action: "member.role",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.userId("sgp"),
      details: {
        from: "member",
        to: "observer",
        penholderRemovedFromDrafts: [draftId],
        // After the reorder, "Guiding principles" reads as section 3; SGP was also given the glossary's pen.
        effects: [
          {
            kind: "penDropped",
            sectionId: demo.section(2),
            sectionTitle: "Guiding principles",
            sectionNumber: 3,
            draftId,
            draftTitle: demo.doctrine.title,
          },
          {
            kind: "penDropped",
            sectionId: done.added,
            sectionTitle: "Annex: glossary",
            sectionNumber: 6,
            draftId,
            draftTitle: demo.doctrine.title,
          },
        ],
      },
    },
    {
      action: "member.invite",
      actor: usa,
      groupId: demo.wg1.id,
      target: done.invitation.id,
      details: { email: "deu@plenary.test", role: "member", delegation: "FRA" },
    },
    {
      action: "member.join",
      actor: { id: done.newcomer.id, name: "France deputy point of contact", delegation: "FRA" },
      groupId: demo.wg1.id,
      target: done.newcomer.id,
      details: { role: "member", invitationId: done.invitation.id, invitedBy: usa.id, effects: [] },
    },
    {
      action: "member.remove",
      actor: usa,
      groupId: demo.wg1.id,
      target: demo.userId("interpol"),
      details: {
        role: "member",
        penholderRemovedFromDrafts: [draftId],
        effects: [
          {
            kind: "penDropped",
            sectionId: demo.section(4),
            sectionTitle: "Cooperation with INTERPOL and regional organisations",
            sectionNumber: 5,
            draftId,
            draftTitle: demo.doctrine.title,
          },
          { kind: "accessLost" },
        ],
      },
    },
  ]);
  for (const entry of log) {
    expect(entry.at).toBeGreaterThanOrEqual(startedAt);
    expect(entry.at).toBeLessThanOrEqual(finishedAt);
  }
  expect(log.map((entry) => entry.at)).toEqual([...log.map((entry) => entry.at)].sort((a, b) => a - b));

  const [created] = await auditOf(admin, "/api/audit?action=group.create");
  expect(created).toMatchObject({
    action: "group.create",
    actor: { id: admin.user.id, delegation: "UN" },
    groupId: done.newGroup,
    target: done.newGroup,
    details: { name: "Cybercrime working group" },
  });
});

test("a lead reads their group's log filtered by action, actor and target, and pages through it", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const done = await runWorkflow(server, demo);
  const usa = await sessionFor(server, "usa");
  const base = `/api/groups/${demo.wg1.id}/audit`;
  const all = await auditOf(usa, base);
  expect(all).toHaveLength(11);

  const sections = await auditOf(usa, `${base}?action=section`);
  expect(sections.map((e) => e.action)).toEqual([
    "section.reorder",
    "section.restore",
    "section.remove",
    "section.update",
    "section.update",
    "section.update",
    "section.create",
  ]);
  expect((await auditOf(usa, `${base}?action=section.update`)).map((e) => e.target)).toEqual([
    demo.section(1),
    demo.section(1),
    done.added,
  ]);
  const members = await auditOf(usa, `${base}?action=member`);
  expect(members.map((e) => e.action)).toEqual(["member.remove", "member.join", "member.invite", "member.role"]);
  expect((await auditOf(usa, `${base}?actor=${done.newcomer.id}`)).map((e) => e.action)).toEqual(["member.join"]);
  expect((await auditOf(usa, `${base}?actor=${demo.userId("usa")}`)).length).toBe(10);
  expect((await auditOf(usa, `${base}?target=${demo.section(5)}`)).map((e) => e.action)).toEqual([
    "section.restore",
    "section.remove",
  ]);
  const firstPage = await auditOf(usa, `${base}?limit=4`);
  const secondPage = await auditOf(usa, `${base}?limit=4&before=${firstPage.at(-1)?.id}`);
  expect([...firstPage, ...secondPage]).toEqual(all.slice(0, 8));
  expectApiError(await usa.request("GET", `${base}?action=DROP TABLE`), 400, "bad_request");
});

test("the admin reads every group's log; members, observers and leads of other groups cannot", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  await runWorkflow(server, demo);
  const fra = await sessionFor(server, "fra");
  expect(
    (await fra.request("PATCH", `/api/sections/${demo.tocDraft.sections[0]?.id}`, { status: "review" })).status,
  ).toBe(200);

  const everything = await auditOf(admin, "/api/audit");
  const groups = new Set(everything.map((e) => e.groupId));
  expect(groups).toContain(demo.wg1.id);
  expect(groups).toContain(demo.wg2.id);
  expect(await auditOf(admin, `/api/groups/${demo.wg1.id}/audit`)).toEqual(
    everything.filter((e) => e.groupId === demo.wg1.id),
  );
  // France leads WG2: it sees WG2's log, and only that.
  const wg2 = await auditOf(fra, `/api/groups/${demo.wg2.id}/audit`);
  expect(wg2.map((e) => e.action)).toEqual(["section.update"]);
  expect(wg2.every((e) => e.groupId === demo.wg2.id)).toBe(true);

  // In WG1 France is a plain member; Singapore was made observer by the workflow; AU observes.
  for (const account of ["fra", "sgp", "au"] as const) {
    expectApiError(
      await (await sessionFor(server, account)).request("GET", `/api/groups/${demo.wg1.id}/audit`),
      403,
      "forbidden",
    );
  }
  // Outsiders get the 404 of a group that does not exist: the lead of WG1 for WG2, Ghana for WG1.
  expectApiError(
    await (await sessionFor(server, "usa")).request("GET", `/api/groups/${demo.wg2.id}/audit`),
    404,
    "not_found",
  );
  expectApiError(
    await (await sessionFor(server, "gha")).request("GET", `/api/groups/${demo.wg1.id}/audit`),
    404,
    "not_found",
  );
  for (const account of ["usa", "fra", "gha", "au"] as const) {
    expectApiError(await (await sessionFor(server, account)).request("GET", "/api/audit"), 403, "forbidden");
  }
  expectApiError(await request(server.url, "GET", "/api/audit"), 401, "unauthorized");
});

test("no API route alters or deletes an audit entry, whatever the method and path", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  await runWorkflow(server, demo);
  const before = await auditOf(admin, "/api/audit?limit=500");
  const [newest] = before;
  if (!newest) throw new Error("the workflow wrote no entries");

  const paths = [
    "/api/audit",
    `/api/audit/${newest.id}`,
    `/api/groups/${demo.wg1.id}/audit`,
    `/api/groups/${demo.wg1.id}/audit/${newest.id}`,
    `/api/groups/${demo.wg1.id}/audit?before=${newest.id + 1}`,
  ];
  const forged = { action: "forged", details: {}, actor: null, at: 0 };
  for (const session of [admin, await sessionFor(server, "usa")]) {
    for (const path of paths) {
      for (const method of ["PATCH", "PUT", "DELETE", "POST"]) {
        const result = await session.request(method, path, method === "DELETE" ? undefined : forged);
        expect([404, 405], `${method} ${path}: ${result.status}`).toContain(result.status);
      }
    }
  }
  expect(await auditOf(admin, "/api/audit?limit=500")).toEqual(before);
});

test("the database itself refuses to update or delete audit entries", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  await runWorkflow(server, demo);
  const before = await auditOf(admin, "/api/audit?limit=500");
  const db = sqliteOf(server.plenary.db);

  for (const statement of [
    "UPDATE audit_log SET action = 'forged'",
    "UPDATE audit_log SET details = '{}' WHERE action = 'member.remove'",
    "UPDATE audit_log SET actor_id = NULL, actor_delegation = NULL",
    "DELETE FROM audit_log",
    "DELETE FROM audit_log WHERE action = 'member.remove'",
  ]) {
    expect(() => db.prepare(statement).run(), statement).toThrow(/append-only/);
  }
  expect(await auditOf(admin, "/api/audit?limit=500")).toEqual(before);
});

test("the database refuses to overwrite an audit entry by inserting another with its id", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  await runWorkflow(server, demo);
  const before = await auditOf(admin, "/api/audit?limit=500");
  const [newest] = before;
  if (!newest) throw new Error("the workflow wrote no entries");

  // REPLACE deletes the conflicting row without firing delete triggers (SQLite's
  // recursive_triggers is off by default), so it needs its own guard.
  const overwrite = sqliteOf(server.plenary.db).prepare(
    "INSERT OR REPLACE INTO audit_log (id, at, actor_id, actor_delegation, group_id, action, target, details) VALUES (?, ?, NULL, NULL, ?, 'forged', NULL, '{}')",
  );
  expect(() => overwrite.run(newest.id, newest.at, newest.groupId)).toThrow(/append-only/);
  expect(await auditOf(admin, "/api/audit?limit=500")).toEqual(before);
});
