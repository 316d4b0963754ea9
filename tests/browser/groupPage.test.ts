import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { signedInPage } from "./fixtures/SignInPage.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("a lead sees the members by delegation and role, and starts a new draft that opens ready to write", async ({
  browser,
  server,
  workspace,
}) => {
  const lead = await signedInPage(browser, server, "usa", `/groups/${workspace.wg1.id}`);
  const members = lead.getByTestId("members");
  await expect.poll(() => members.textContent(), LIVE).toContain("Singapore point of contact");
  expect(await members.textContent()).toMatch(/AU[\s\S]*Observer|Observer[\s\S]*AU/);

  const title = lead.getByLabel("Title of the new draft");
  await lead.getByRole("button", { name: "Create draft" }).click();
  await expect.poll(() => lead.getByRole("alert").first().textContent(), LIVE).toMatch(/title/i);

  await title.fill("Doctrine — first revision");
  await lead.getByRole("button", { name: "Create draft" }).click();
  await lead.waitForURL(/\/drafts\//, { timeout: LIVE.timeout });
  const editor = lead.getByRole("textbox", { name: /^Section 1:/ });
  await expect.poll(() => editor.getAttribute("contenteditable"), LIVE).toBe("true");
});

test("a member sees the group but no form to start a draft", async ({ browser, server, workspace }) => {
  const member = await signedInPage(browser, server, "sgp", `/groups/${workspace.wg1.id}`);
  await expect
    .poll(() => member.getByTestId("members").textContent(), LIVE)
    .toContain("United States point of contact");
  expect(await member.getByLabel("Title of the new draft").count()).toBe(0);
});
