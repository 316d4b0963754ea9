import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("undo takes back only the typing of the section it is pressed in", async ({ openDraftAs, onServer }) => {
  // The secretariat leads the group, so it may write sections 4 and 5.
  const lead = await openDraftAs("secretariat");
  await lead.typeInto(4, " Liaison officers.");
  await lead.typeInto(5, " Mentoring programmes.");
  await expect.poll(() => onServer.sectionText(5), LIVE).toContain("Mentoring programmes.");

  await lead.section(4).click();
  await lead.page.keyboard.press("Control+z");
  await expect.poll(() => onServer.sectionText(4), LIVE).not.toContain("Liaison officers.");
  expect(await lead.sectionText(4)).not.toContain("Liaison officers.");
  expect(onServer.sectionText(5)).toContain("Mentoring programmes.");
  expect(await lead.sectionText(5)).toContain("Mentoring programmes.");
});
