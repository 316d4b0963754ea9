import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { DiscussionPanel } from "./fixtures/DiscussionPanel.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("a member reaches a section another delegation holds with the keyboard alone, selects words with Shift+arrows, comments with Ctrl+Alt+M and proposes with Ctrl+Alt+P", async ({
  openDraftAs,
}) => {
  // Section 1: the United States holds the pen; Singapore may only read it and discuss it.
  const singapore = await openDraftAs("sgp");
  const panel = new DiscussionPanel(singapore);
  const { page } = singapore;
  expect(await singapore.isEditable(1)).toBe(false);

  // From the outline, Enter puts the keyboard in the section's text.
  await page
    .getByTestId("outline")
    .getByRole("link", { name: /Purpose/ })
    .focus();
  await page.keyboard.press("Enter");
  const text = singapore.section(1);
  await expect.poll(() => text.evaluate((element) => element === document.activeElement), LIVE).toBe(true);
  // Screen readers hear why it is read-only; sighted people see where the focus is.
  expect(await text.getAttribute("aria-label")).toMatch(/^Section 1: .+ \(read-only: Pen held by USA\)$/);
  expect(await text.getAttribute("aria-readonly")).toBe("true");
  expect(await text.evaluate((element) => getComputedStyle(element).boxShadow)).not.toBe("none");

  // Tab reaches it too, from the control before it.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect.poll(() => text.evaluate((element) => element === document.activeElement), LIVE).toBe(true);

  for (let i = 0; i < "This doctrine".length; i += 1) await page.keyboard.press("Shift+ArrowRight");
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString()), LIVE).toBe("This doctrine");
  await panel.selectionActions().waitFor({ timeout: LIVE.timeout });
  await page.keyboard.press("Control+Alt+KeyM");
  const input = page.getByTestId("comment-input");
  await expect.poll(() => input.evaluate((element) => element === document.activeElement), LIVE).toBe(true);
  await page.keyboard.type("Keyboard only: please define the scope.");
  await page.keyboard.press("Control+Enter");
  const card = panel.threads("Keyboard only: please define the scope.");
  await card.first().waitFor({ timeout: LIVE.timeout });
  expect(await card.first().textContent()).toContain("This doctrine");

  // Back into the text, to its start and two words on: propose a change to the third.
  await page
    .getByTestId("outline")
    .getByRole("link", { name: /Purpose/ })
    .focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => text.evaluate((element) => element === document.activeElement), LIVE).toBe(true);
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < "This doctrine ".length; i += 1) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < "sets".length; i += 1) await page.keyboard.press("Shift+ArrowRight");
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString()), LIVE).toBe("sets");
  await panel.selectionActions().waitFor({ timeout: LIVE.timeout });
  await page.keyboard.press("Control+Alt+KeyP");
  const replacement = page.getByTestId("proposal-replacement");
  await expect.poll(() => replacement.evaluate((element) => element === document.activeElement), LIVE).toBe(true);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("lays");
  await page.keyboard.press("Enter");
  await panel.threads("lays").first().waitFor({ timeout: LIVE.timeout });
});

test("Tab in a paragraph keeps the keystrokes in the text; Escape then Tab moves on", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 1: the United States holds the pen.
  const usa = await openDraftAs("usa");
  await usa.placeCaret(1, "end");
  await usa.page.keyboard.press("Tab");
  await usa.keepTyping(" After a tab.");
  await expect.poll(() => onServer.sectionText(1), LIVE).toMatch(/ After a tab\.$/);
  expect(await usa.page.locator(".add-section input").first().inputValue()).toBe("");

  await usa.page.keyboard.press("Escape");
  await usa.page.keyboard.press("Tab");
  const focusedInText = await usa.section(1).evaluate((element) => element.contains(document.activeElement));
  expect(focusedInText).toBe(false);
});
