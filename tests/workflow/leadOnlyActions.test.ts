import { beforeAll, expect, test } from "vitest";
import type { AuditRecord, CreatedResponse, GroupSummary, RemovedSectionSummary } from "../../shared/types.ts";
import {
  type DemoAccount,
  type DemoWorkspace,
  demoWorkspace,
  expectApiError,
  groupSnapshot,
  type Session,
} from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

// Every request here is refused, so one server serves the whole file.
const server = sharedTestServer();
let demo: DemoWorkspace;
let admin: Session;
/** A section a lead removed, for the restore attempts. */
let removedSection: string;

beforeAll(async () => {
  admin = await sessionFor(server.current, "secretariat");
  demo = await demoWorkspace(server.current.url, admin);
  const usa = await sessionFor(server.current, "usa");
  const scratch = await usa.request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
    title: "Scratch",
  });
  removedSection = scratch.body.id;
  expect((await usa.request("DELETE", `/api/sections/${removedSection}`)).status).toBe(204);
});

/** Everything a refused request could have changed: the groups, WG1 and its draft, removed sections, the audit log. */
async function everything() {
  return {
    groups: (await admin.request<GroupSummary[]>("GET", "/api/groups")).body,
    wg1: await groupSnapshot(admin, demo.wg1.id),
    removed: (await admin.request<RemovedSectionSummary[]>("GET", `/api/drafts/${demo.doctrine.id}/removed-sections`))
      .body,
    audit: (await admin.request<AuditRecord[]>("GET", "/api/audit?limit=500")).body,
  };
}

const attempts: {
  what: string;
  send: (as: Session) => Promise<{ status: number; body: unknown; headers: Headers }>;
}[] = [
  {
    what: "assign penholders",
    send: (as) => as.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [as.user.id] }),
  },
  {
    what: "take the pen from someone",
    send: (as) => as.request("PATCH", `/api/sections/${demo.section(3)}`, { penholders: [] }),
  },
  {
    what: "change a status",
    send: (as) => as.request("PATCH", `/api/sections/${demo.section(2)}`, { status: "review" }),
  },
  {
    what: "rename a section",
    send: (as) => as.request("PATCH", `/api/sections/${demo.section(2)}`, { title: "Mine" }),
  },
  {
    what: "add a section",
    send: (as) => as.request("POST", `/api/drafts/${demo.doctrine.id}/sections`, { title: "Mine" }),
  },
  { what: "remove a section", send: (as) => as.request("DELETE", `/api/sections/${demo.section(2)}`) },
  { what: "restore a removed section", send: (as) => as.request("POST", `/api/sections/${removedSection}/restore`) },
  {
    what: "reorder sections",
    send: (as) =>
      as.request("PUT", `/api/drafts/${demo.doctrine.id}/order`, {
        sectionIds: [demo.section(5), demo.section(4), demo.section(3), demo.section(2), demo.section(1)],
      }),
  },
  {
    what: "invite someone",
    send: (as) =>
      as.request("POST", `/api/groups/${demo.wg1.id}/invitations`, { email: "ind@plenary.test", role: "member" }),
  },
  {
    what: "change their own role",
    send: (as) => as.request("PATCH", `/api/groups/${demo.wg1.id}/members/${as.user.id}`, { role: "lead" }),
  },
  {
    what: "change someone else's role",
    send: (as) =>
      as.request("PATCH", `/api/groups/${demo.wg1.id}/members/${demo.userId("interpol")}`, { role: "observer" }),
  },
  {
    what: "remove a member",
    send: (as) => as.request("DELETE", `/api/groups/${demo.wg1.id}/members/${demo.userId("au")}`),
  },
  { what: "create a working group", send: (as) => as.request("POST", "/api/groups", { name: "Our own group" }) },
];

// Singapore holds the pen for section 2; INTERPOL is a member; AU observes; France leads WG2 but is a member here.
const people: { account: DemoAccount; who: string }[] = [
  { account: "sgp", who: "a penholder" },
  { account: "interpol", who: "a member" },
  { account: "au", who: "an observer" },
  { account: "fra", who: "a lead of another group" },
];

for (const { account, who } of people)
  for (const { what, send } of attempts)
    test(`${who} (${account}) may not ${what}: 403 and nothing changes`, async () => {
      const before = await everything();
      expectApiError(await send(await sessionFor(server.current, account)), 403, "forbidden");
      expect(await everything()).toEqual(before);
    });
