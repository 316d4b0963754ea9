import { beforeAll, expect, test } from "vitest";
import type { DelegationInfo, SessionResponse, User, UserSummary } from "../../shared/types.ts";
import {
  type DemoWorkspace,
  demoWorkspace,
  expectApiError,
  groupSnapshot,
  request,
  type Session,
} from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { accept, auditOf, invite, PASSWORD } from "./helpers.ts";

// Each test uses its own addresses and codes, so one server serves the file.
const server = sharedTestServer();
let demo: DemoWorkspace;
let admin: Session;
let usa: Session;

beforeAll(async () => {
  admin = await sessionFor(server.current, "secretariat");
  usa = await sessionFor(server.current, "usa");
  demo = await demoWorkspace(server.current.url, admin);
});

test("the delegation list holds every UN member state by ISO alpha-3 code, the demo's organisations and the secretariat", async () => {
  const list = (await usa.request<DelegationInfo[]>("GET", "/api/delegations")).body;
  const states = list.filter((d) => d.kind === "state");
  expect(states).toHaveLength(193);
  expect(states.every((d) => /^[A-Z]{3}$/.test(d.code))).toBe(true);
  expect(list).toContainEqual({ code: "KEN", name: "Kenya", kind: "state" });
  expect(list).toContainEqual({ code: "USA", name: "United States of America", kind: "state" });
  expect(list).toContainEqual({ code: "UN", name: "United Nations Secretariat", kind: "secretariat" });
  for (const code of ["AU", "EU", "ASEAN", "OAS", "ECOWAS", "INTERPOL"]) {
    expect(list.find((d) => d.code === code)?.kind).toBe("organisation");
  }
  // Signed in only: the list is no longer what an invitee picks from.
  expectApiError(await request(server.current.url, "GET", "/api/delegations"), 401, "unauthorized");
});

test("the admin adds and renames a delegation; a duplicate code is 409; nobody else may change the list", async () => {
  const created = await admin.request<DelegationInfo>("POST", "/api/delegations", {
    code: "iom",
    name: "International Organization for Migration",
    kind: "organisation",
  });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({ code: "IOM", name: "International Organization for Migration", kind: "organisation" });
  const duplicate = await admin.request("POST", "/api/delegations", { code: "IOM", name: "Another", kind: "state" });
  expectApiError(duplicate, 409, "conflict");
  expectApiError(
    await admin.request("POST", "/api/delegations", { code: "KEN", name: "Kenya again", kind: "state" }),
    409,
    "conflict",
  );

  const renamed = await admin.request<DelegationInfo>("PATCH", "/api/delegations/IOM", { name: "IOM (UN Migration)" });
  expect(renamed.status).toBe(200);
  expect(renamed.body.name).toBe("IOM (UN Migration)");
  expectApiError(await admin.request("PATCH", "/api/delegations/ZZZ", { name: "Nowhere" }), 404, "not_found");
  expectApiError(await admin.request("POST", "/api/delegations", { code: "X", name: "Too short", kind: "state" }), 400);
  expectApiError(
    await admin.request("POST", "/api/delegations", { code: "BAD", name: "Bad\u202eName", kind: "organisation" }),
    400,
    "bad_request",
  );

  const before = (await admin.request<DelegationInfo[]>("GET", "/api/delegations")).body;
  for (const account of ["usa", "sgp", "au"] as const) {
    const someone = await sessionFor(server.current, account);
    expectApiError(
      await someone.request("POST", "/api/delegations", { code: "NEW", name: "New", kind: "organisation" }),
      403,
      "forbidden",
    );
    expectApiError(await someone.request("PATCH", "/api/delegations/KEN", { name: "Renamed" }), 403, "forbidden");
  }
  expect((await admin.request<DelegationInfo[]>("GET", "/api/delegations")).body).toEqual(before);
  const log = await auditOf(admin, "&action=delegation");
  expect(log.map((e) => [e.action, e.target])).toEqual([
    ["delegation.update", "IOM"],
    ["delegation.create", "IOM"],
  ]);
});

test("a delegation in the accept body is refused with 400: the invitee never chooses it, and no account is made", async () => {
  const { token } = (await invite(usa, demo.wg1.id, { email: "poc2@plenary.test", role: "member", delegation: "USA" }))
    .body;
  const auditBefore = await auditOf(admin);
  for (const delegation of ["USA", "UN", "SGP"]) {
    const refused = await accept(server.current.url, token, {
      name: "Second US contact",
      delegation,
      password: PASSWORD,
    });
    expectApiError(refused, 400, "bad_request");
    expect(JSON.stringify(refused.body)).toMatch(/delegation is set by the person who invited you/);
  }
  expect(await auditOf(admin)).toEqual(auditBefore);
  // The link still works, with the delegation the inviter set.
  const joined = await accept(server.current.url, token, { name: "Second US contact", password: PASSWORD });
  expect(joined.status).toBe(201);
  expect((joined.body as SessionResponse).user.delegation).toBe("USA");
});

test("an invitee cannot take the name of someone already in their delegation, whatever the case or spacing (409)", async () => {
  const before = await groupSnapshot(admin, demo.wg1.id);
  for (const name of ["United States point of contact", "  united STATES   point of contact "]) {
    const { token } = (
      await invite(usa, demo.wg1.id, { email: `twin${name.length}@plenary.test`, role: "member", delegation: "USA" })
    ).body;
    const refused = await accept(server.current.url, token, { name, password: PASSWORD });
    expectApiError(refused, 409, "conflict");
  }
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  // The same name in another delegation is another person.
  const { token } = (
    await invite(admin, demo.wg1.id, { email: "brazil@plenary.test", role: "observer", delegation: "BRA" })
  ).body;
  expect(
    (await accept(server.current.url, token, { name: "United States point of contact", password: PASSWORD })).status,
  ).toBe(201);
});

test("names with control characters, direction overrides or only invisible characters are refused (400)", async () => {
  const { token } = (await invite(usa, demo.wg1.id, { email: "odd@plenary.test", role: "member", delegation: "SGP" }))
    .body;
  for (const name of [
    "Singapore\u0000 contact",
    "Singapore\ncontact",
    "\u202eSingapore contact",
    "Singapore \u2066contact\u2069",
    "\u200b\u200b\u200b",
    "\u200d \u2060",
    "x".repeat(101),
    "",
  ]) {
    expectApiError(await accept(server.current.url, token, { name, password: PASSWORD }), 400, "bad_request");
  }
  // Arabic with a right-to-left mark is a name like any other.
  expect((await accept(server.current.url, token, { name: "\u200fنقطة الاتصال", password: PASSWORD })).status).toBe(
    201,
  );
});

test("a lead invites only for delegations already in the group (403 otherwise); the admin invites for any", async () => {
  const auditBefore = await auditOf(admin);
  // Kenya and Germany are not in WG1.
  for (const delegation of ["KEN", "DEU"]) {
    const refused = await invite(usa, demo.wg1.id, {
      email: `x-${delegation}@plenary.test`,
      role: "member",
      delegation,
    });
    expectApiError(refused, 403, "forbidden");
  }
  expectApiError(await invite(usa, demo.wg1.id, { email: "nodelegation@plenary.test", role: "member" }), 400);
  expectApiError(
    await invite(usa, demo.wg1.id, { email: "unknown@plenary.test", role: "member", delegation: "ZZZ" }),
    400,
  );
  expect(await auditOf(admin)).toEqual(auditBefore);
  expect(
    (await invite(usa, demo.wg1.id, { email: "au2@plenary.test", role: "observer", delegation: "AU" })).status,
  ).toBe(201);
  expect(
    (await invite(admin, demo.wg1.id, { email: "ken2@plenary.test", role: "member", delegation: "KEN" })).status,
  ).toBe(201);
});

test("only the admin invites for the secretariat (UN): a lead's invitation is 403", async () => {
  const auditBefore = await auditOf(admin);
  // UN is in WG1 (the secretariat is a lead there), yet a lead still may not.
  for (const role of ["member", "observer"]) {
    expectApiError(
      await invite(usa, demo.wg1.id, { email: "un2@plenary.test", role, delegation: "UN" }),
      403,
      "forbidden",
    );
  }
  expect(await auditOf(admin)).toEqual(auditBefore);
  const byAdmin = await invite(admin, demo.wg1.id, { email: "un2@plenary.test", role: "member", delegation: "UN" });
  expect(byAdmin.status).toBe(201);
});

test("an existing account is invited with its own delegation; naming another is 409", async () => {
  // Ghana belongs to WG2 only.
  expectApiError(
    await invite(admin, demo.wg1.id, { email: "gha@plenary.test", role: "member", delegation: "USA" }),
    409,
    "conflict",
  );
  expect(
    (await invite(admin, demo.wg1.id, { email: "gha@plenary.test", role: "member", delegation: "GHA" })).status,
  ).toBe(201);
});

test("only the admin changes a person's delegation or name later; the name stays unique in the delegation", async () => {
  const fra = await sessionFor(server.current, "fra");
  expectApiError(await fra.request("PATCH", `/api/users/${fra.user.id}`, { delegation: "UN" }), 403, "forbidden");
  expectApiError(await usa.request("PATCH", `/api/users/${fra.user.id}`, { delegation: "USA" }), 403, "forbidden");
  expectApiError(await usa.request("GET", "/api/users"), 403, "forbidden");
  expect((await fra.request<User>("GET", "/api/me")).body.delegation).toBe("FRA");

  const moved = await admin.request<User>("PATCH", `/api/users/${demo.userId("gha")}`, { delegation: "KEN" });
  expect(moved.status).toBe(200);
  expect(moved.body.delegation).toBe("KEN");
  expectApiError(
    await admin.request("PATCH", `/api/users/${demo.userId("sgp")}`, {
      name: "France point of contact",
      delegation: "FRA",
    }),
    409,
    "conflict",
  );
  expectApiError(await admin.request("PATCH", `/api/users/${demo.userId("sgp")}`, { delegation: "ZZZ" }), 400);
  const people = (await admin.request<UserSummary[]>("GET", "/api/users")).body;
  expect(people.find((p) => p.id === demo.userId("gha"))?.delegation).toBe("KEN");
  expect(people.find((p) => p.id === demo.userId("sgp"))?.delegation).toBe("SGP");
});
