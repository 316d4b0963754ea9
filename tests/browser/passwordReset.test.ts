import { expect, vi } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { newPersonContext } from "./fixtures/browser.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { SignInPage, signedInPage } from "./fixtures/SignInPage.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());
// Four deliberately slow password hashes (two sign-ins, the reset, the new sign-in) on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });
const NEW_PASSWORD = "harbour lights at dusk";

test("the admin creates a reset link; its holder sets a new password and the account's open page is signed out", async ({
  browser,
  server,
  openDraftAs,
}) => {
  // Singapore, signed in with the old password, has the draft open.
  const old = await openDraftAs("sgp");

  const admin = await signedInPage(browser, server, "secretariat", "/people");
  await admin
    .getByRole("button", { name: "Create a password reset link for Singapore point of contact (SGP)" })
    .click();
  const shown = admin.getByTestId("reset-link");
  await shown.waitFor({ timeout: LIVE.timeout });
  const url = await shown.getByLabel("Password reset link").inputValue();
  expect(url).toMatch(new RegExp(`^${server.url}/reset/[A-Za-z0-9_-]{43}$`));

  // The person opens the link on another device, signed out.
  const context = await newPersonContext(browser, server.url);
  const device = await context.newPage();
  await device.goto(url);
  await device.getByRole("heading", { name: "Set a new password" }).waitFor({ timeout: LIVE.timeout });
  expect(await device.textContent("main")).toContain("sgp@plenary.test");
  await device.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await device.getByLabel("New password, again").fill(NEW_PASSWORD);
  await device.getByRole("button", { name: "Set new password" }).click();
  await device.getByTestId("reset-done").waitFor({ timeout: LIVE.timeout });

  // The page that was open with the old session is signed out, by the server closing its connection.
  await old.page.getByTestId("signin-email").waitFor({ timeout: LIVE.timeout });

  // The new password signs in. (That the link is then used up and the old password refused is
  // proven by tests/identity/passwordReset.test.ts.)
  await new SignInPage(old.page).signIn("sgp@plenary.test", NEW_PASSWORD);
  await expect.poll(() => old.page.url(), LIVE).not.toContain("/signin");
});
