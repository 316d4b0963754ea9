import { expect } from "vitest";
import { sharedTestServer } from "../helpers/testServer.ts";
import { expectUnchanged, LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("a member given the pen while the draft is open types at once, and the section locks for both when agreed", async ({
  openDraftAs,
  onServer,
}) => {
  const [usa, singapore] = await Promise.all([openDraftAs("usa"), openDraftAs("sgp")]);
  const opened = await singapore.loadedAt();
  expect(await singapore.isEditable(5)).toBe(false);
  expect(await singapore.notice(5)).toBe("No penholder assigned");

  await usa.assignPenholder(5, "SGP");

  await expect.poll(() => singapore.isEditable(5), LIVE).toBe(true);
  expect(await singapore.notice(5)).toBeNull();
  expect(await singapore.penholders(5)).toEqual(["SGP"]);
  expect(await usa.penholders(5)).toEqual(["SGP"]);
  await singapore.typeInto(5, " SGP: regional curricula.");
  await expect.poll(() => usa.sectionText(5), LIVE).toContain("SGP: regional curricula.");
  await expect.poll(() => onServer.sectionText(5), LIVE).toContain("SGP: regional curricula.");
  expect(await singapore.loadedAt(), "Singapore's page was not reloaded").toBe(opened);

  // Agreement goes through review: the select offers only the next steps.
  expect(await usa.statusChoices(5)).toEqual(["drafting", "review"]);
  await usa.setStatus(5, "review");
  await expect.poll(() => singapore.status(5), LIVE).toBe("In review");
  expect(await singapore.isEditable(5)).toBe(true);
  expect(await usa.statusChoices(5)).toEqual(["drafting", "review", "agreed"]);
  await usa.setStatus(5, "agreed");

  for (const person of [singapore, usa]) {
    await expect.poll(() => person.isEditable(5), LIVE).toBe(false);
    await expect.poll(() => person.notice(5), LIVE).toBe("Agreed — locked");
  }
  expect(await singapore.status(5)).toBe("Agreed");

  const agreed = onServer.sectionText(5);
  await singapore.keepTyping(" Singapore keeps typing.");
  await singapore.tryToTypeInto(5, " Singapore tries again.");
  await usa.tryToTypeInto(5, " So does the lead.");
  await expectUnchanged(() => onServer.sectionText(5), agreed);
  expect(await singapore.sectionText(5)).toBe(agreed);
  expect(await usa.sectionText(5)).toBe(agreed);
});
