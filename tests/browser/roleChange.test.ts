import { expect } from "vitest";
import type { GroupDetail } from "../../shared/types.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { DiscussionPanel } from "./fixtures/DiscussionPanel.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { signedInPage } from "./fixtures/SignInPage.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("a lead's role change says which pen it drops and waits for confirmation; the demoted person's page follows at once", async ({
  browser,
  server,
  workspace,
  openDraftAs,
}) => {
  const interpol = await openDraftAs("interpol");
  const interpolDiscussion = new DiscussionPanel(interpol);
  const loadedAt = await interpol.loadedAt();
  await expect.poll(() => interpol.isEditable(4), LIVE).toBe(true);
  await interpolDiscussion.select(4, "secure communications");
  await expect.poll(() => interpol.page.getByTestId("comment-button").count(), LIVE).toBe(1);

  const lead = await signedInPage(browser, server, "usa", `/groups/${workspace.wg1.id}`);
  const role = lead.getByLabel("Role of INTERPOL liaison (INTERPOL)");
  await role.selectOption("observer");
  const confirmation = lead.getByTestId("member-change-confirm");
  await expect
    .poll(() => confirmation.textContent(), LIVE)
    .toContain(
      "INTERPOL liaison (INTERPOL) will lose the pen for section 4 “Cooperation with INTERPOL and regional organisations” of “Doctrine — zero draft”.",
    );
  // Nothing happened yet: the role is unchanged until the lead confirms.
  const roleNow = async () =>
    (
      await (await sessionFor(server, "secretariat")).request<GroupDetail>("GET", `/api/groups/${workspace.wg1.id}`)
    ).body.members.find((member) => member.delegation === "INTERPOL")?.role;
  expect(await roleNow()).toBe("member");
  expect(await interpol.isEditable(4)).toBe(true);

  await confirmation.getByRole("button", { name: "Change role" }).click();
  await expect.poll(roleNow, LIVE).toBe("observer");
  await expect.poll(() => confirmation.count(), LIVE).toBe(0);
  // The select shows the new role once the group is read again after the change.
  await expect.poll(() => role.inputValue(), LIVE).toBe("observer");

  // INTERPOL's page, without a reload: observer badge, no pen, no Comment.
  await expect.poll(() => interpol.hasObserverBadge(), LIVE).toBe(true);
  await expect.poll(() => interpol.isEditable(4), LIVE).toBe(false);
  await interpolDiscussion.select(4, "secure communications");
  await expect.poll(() => interpol.page.getByTestId("selection-actions").count(), LIVE).toBe(0);
  expect(await interpol.page.getByTestId("comment-button").count()).toBe(0);
  expect(await interpol.loadedAt()).toBe(loadedAt);
});
