import type { Page } from "playwright-core";
import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { DiscussionPanel } from "./fixtures/DiscussionPanel.ts";
import { DraftPage } from "./fixtures/DraftPage.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

const WIDE = { width: 1400, height: 900 } as const;
const PHONE = { width: 390, height: 844 } as const;

/** Visible elements that reach past the viewport's sides, described for a failure message. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    }
    for (const element of document.body.querySelectorAll("*")) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (getComputedStyle(element).visibility === "hidden") continue;
      // Cut off (an ellipsis) or scrolled inside a box that itself fits: not wider than the screen.
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        const box = parent.getBoundingClientRect();
        if (overflow !== "visible" && box.left >= -1 && box.right <= width + 1) {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      if (rect.right > width + 1 || rect.left < -1 || rect.width > width + 1) {
        const describe = (node: Element | null) =>
          node
            ? `${node.tagName.toLowerCase()}${node.className ? `.${String(node.className).split(" ").join(".")}` : ""}`
            : "";
        const name = `${describe(element.parentElement)} > ${describe(element)} "${(element.textContent ?? "").slice(0, 30)}"`;
        found.push(`${name} spans ${Math.round(rect.left)}..${Math.round(rect.right)}`);
      }
    }
    return found.slice(0, 10);
  });
}

async function signOutIsVisible(page: Page): Promise<boolean> {
  const button = page.getByRole("banner").getByRole("button", { name: "Sign out" });
  if (!(await button.isVisible())) return false;
  const box = await button.boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.x >= 0 && box.x + box.width <= viewport.width && box.y >= 0;
}

for (const viewport of [WIDE, PHONE]) {
  test(`at ${viewport.width} px every page fits the screen and Sign out is in view`, async ({
    openDraftAs,
    workspace,
  }) => {
    const usa = await openDraftAs("usa");
    const { page } = usa;
    await page.setViewportSize(viewport);
    const pages = ["/", `/groups/${workspace.wg1.id}`, "/work", "/account", DraftPage.path(workspace.doctrine.id)];
    for (const path of pages) {
      await page.goto(path);
      await page.locator("main h1").first().waitFor({ timeout: LIVE.timeout });
      if (path.startsWith("/drafts/")) await new DraftPage(page).ready();
      expect(await overflowing(page), `${path} at ${viewport.width} px`).toEqual([]);
      expect(await signOutIsVisible(page), `Sign out on ${path} at ${viewport.width} px`).toBe(true);
    }
    if (viewport === WIDE) {
      // The draft's title is shown whole in the header.
      const current = page.getByRole("banner").locator('[aria-current="page"]');
      expect(await current.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    }
  });
}

test("at 390 px the outline and the discussion are panels one tap away, and the comment box opens next to the selection", async ({
  openDraftAs,
}) => {
  const singapore = await openDraftAs("sgp");
  const { page } = singapore;
  await page.setViewportSize(PHONE);
  const outline = page.getByTestId("outline");
  const discussion = page.getByTestId("discussion-sidebar");
  // The text comes first: both panels are closed.
  await expect.poll(() => outline.isVisible(), LIVE).toBe(false);
  expect(await discussion.isVisible()).toBe(false);
  expect(await singapore.section(1).isVisible()).toBe(true);

  await page.getByTestId("outline-panel-button").click();
  await expect.poll(() => outline.isVisible(), LIVE).toBe(true);
  await outline
    .getByRole("link", { name: /Capacity|Definitions|Cooperation/ })
    .first()
    .click();
  await expect.poll(() => outline.isVisible(), LIVE).toBe(false);

  await page.getByTestId("discussion-panel-button").click();
  await expect.poll(() => discussion.isVisible(), LIVE).toBe(true);
  await page.getByTestId("discussion-panel-button").click();
  await expect.poll(() => discussion.isVisible(), LIVE).toBe(false);

  // Comment on words in section 1: the box opens just under them.
  const panel = new DiscussionPanel(singapore);
  await singapore.section(1).scrollIntoViewIfNeeded();
  await panel.select(1, "post-conflict environments");
  const selectionBottom = await page.evaluate(() => {
    const selection = document.getSelection();
    return selection?.rangeCount ? selection.getRangeAt(0).getBoundingClientRect().bottom + window.scrollY : null;
  });
  await page.getByTestId("comment-button").click();
  const input = page.getByTestId("comment-input");
  await input.waitFor({ timeout: LIVE.timeout });
  expect(await input.isVisible()).toBe(true);
  const box = await page.locator(".pending-near-selection").boundingBox();
  const scrollY = await page.evaluate(() => window.scrollY);
  expect(selectionBottom).not.toBeNull();
  expect(box).not.toBeNull();
  const composerTop = (box?.y ?? 0) + scrollY;
  expect(composerTop - (selectionBottom ?? 0)).toBeGreaterThan(-10);
  expect(composerTop - (selectionBottom ?? 0)).toBeLessThan(60);
  expect(await overflowing(page)).toEqual([]);
});
