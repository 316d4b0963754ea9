import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { expectUnchanged, LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");

// The tests write into different sections and compare with what they read first.
const test = browserTest(sharedTestServer());

test("two people typing into the same section each see the other's text as they type", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 3: France holds the pen, and the United States leads the group.
  const [france, usa] = await Promise.all([openDraftAs("fra"), openDraftAs("usa")]);
  const before = await france.sectionText(3);
  expect(await usa.sectionText(3)).toBe(before);

  // At once, at both ends of the section (two carets at one spot may interleave, as in any editor).
  await Promise.all([france.typeInto(3, " FRA: vetting."), usa.typeInto(3, "USA: training. ", { at: "start" })]);

  const expected = `USA: training. ${before} FRA: vetting.`;
  await expect.poll(() => onServer.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => france.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => usa.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => france.savedStatus(), LIVE).toBe("All changes saved");
  expect(await france.connectionStatus()).toBe("Connected");

  mkdirSync(ARTIFACTS, { recursive: true });
  await usa.screenshot(resolve(ARTIFACTS, "draft-page.png"));
});

test("an observer follows the draft live but cannot type into it", async ({ openDraftAs, onServer }) => {
  const [observer, usa] = await Promise.all([openDraftAs("au"), openDraftAs("usa")]);
  expect(await observer.hasObserverBadge()).toBe(true);
  for (const n of [1, 2, 3, 4, 5]) expect(await observer.isEditable(n), `section ${n}`).toBe(false);

  await usa.typeInto(1, " Adopted in Lyon.");
  await expect.poll(() => observer.sectionText(1), LIVE).toContain("Adopted in Lyon.");
  await expect.poll(() => onServer.sectionText(1), LIVE).toContain("Adopted in Lyon.");

  const stored = onServer.sectionText(1);
  await observer.tryToTypeInto(1, " The African Union objects.");
  expect(await observer.sectionText(1)).toBe(stored);
  await expectUnchanged(() => onServer.sectionText(1), stored);
  expect(await usa.sectionText(1)).toBe(stored);
  expect(await observer.savedStatus()).toBe("All changes saved");
});

test("a member cannot edit a section whose pen another delegation holds", async ({ openDraftAs, onServer }) => {
  const singapore = await openDraftAs("sgp");
  expect(await singapore.isEditable(2)).toBe(true);
  expect(await singapore.notice(2)).toBeNull();
  expect(await singapore.isEditable(1)).toBe(false);
  expect(await singapore.notice(1)).toBe("Pen held by USA");
  expect(await singapore.penholders(1)).toEqual(["USA"]);

  const stored = onServer.sectionText(1);
  await singapore.tryToTypeInto(1, " Singapore rewrites the scope.");
  expect(await singapore.sectionText(1)).toBe(stored);
  await expectUnchanged(() => onServer.sectionText(1), stored);
});

test("Arabic typed in a section reads right to left, and others' carets are labelled with their delegation", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 2: Singapore holds the pen; the United States, as lead, may write it too.
  const [singapore, usa] = await Promise.all([openDraftAs("sgp"), openDraftAs("usa")]);
  const arabic = "تتعاون الشرطة مع المؤسسات الوطنية";
  await singapore.typeInto(2, `\n${arabic}`);
  await expect.poll(() => onServer.sectionText(2), LIVE).toContain(arabic);
  expect(await singapore.directionOf(2, arabic)).toBe("rtl");
  await expect.poll(() => usa.directionOf(2, arabic), LIVE).toBe("rtl");
  // The text before it is still read left to right.
  expect(await singapore.directionOf(2, "Police action")).toBe("ltr");

  await usa.typeInto(2, " ");
  await expect
    .poll(() => singapore.caretLabels(2), LIVE)
    .toEqual(expect.arrayContaining([expect.stringContaining("(USA)")]));
});
