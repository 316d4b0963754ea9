import { expect } from "vitest";
import type { DemoWorkspace } from "../helpers/api.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer, type TestServer } from "../helpers/testServer.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { signedInPage } from "./fixtures/SignInPage.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

/** Something to find: the USA lead gives section 5 to Singapore; France (lead of WG2) renames a WG2 section. */
async function recordChanges(server: TestServer, workspace: DemoWorkspace): Promise<void> {
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  const assigned = await usa.request("PATCH", `/api/sections/${workspace.section(5)}`, {
    penholders: [workspace.userId("sgp")],
  });
  expect(assigned.status).toBe(200);
  const wg2Section = workspace.tocDraft.sections[0]?.id ?? "";
  expect((await fra.request("PATCH", `/api/sections/${wg2Section}`, { title: RENAMED })).status).toBe(200);
}

const RENAMED = "Threat assessment 2026";

test("a lead reads the group's audit log, only that group's, and filters it by person", async ({
  browser,
  server,
  workspace,
}) => {
  await recordChanges(server, workspace);
  const lead = await signedInPage(browser, server, "usa", `/groups/${workspace.wg1.id}/audit`);
  const log = lead.getByTestId("audit-log");
  await expect.poll(() => log.textContent(), LIVE).toContain("Capacity building");
  expect(await log.textContent()).not.toContain(RENAMED);
  await lead.getByLabel("Who").selectOption({ label: "FRA — France point of contact" });
  await expect
    .poll(async () => (await log.count()) === 0 || !(await log.textContent())?.includes("USA"), LIVE)
    .toBe(true);
});

test("the admin reads every group's audit log on one page", async ({ browser, server, workspace }) => {
  await recordChanges(server, workspace);
  const admin = await signedInPage(browser, server, "secretariat", "/audit");
  const all = admin.getByTestId("audit-log");
  await expect.poll(() => all.textContent(), LIVE).toContain(RENAMED);
  expect(await all.textContent()).toContain("Capacity building");
  expect(await all.textContent()).toContain(workspace.wg2.name);
});

test("a member is refused the group's audit log", async ({ browser, server, workspace }) => {
  const member = await signedInPage(browser, server, "sgp", `/groups/${workspace.wg1.id}/audit`);
  await expect.poll(() => member.getByRole("alert").first().textContent(), LIVE).toMatch(/lead/i);
  expect(await member.getByTestId("audit-log").count()).toBe(0);
});
