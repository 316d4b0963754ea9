import { expect } from "vitest";
import { sessionFor } from "../helpers/sessions.ts";
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

test("reopening an agreed section asks first, naming the section; keeping it agreed changes nothing", async ({
  openDraftAs,
  server,
  workspace,
}) => {
  const lead = await sessionFor(server, "usa");
  for (const status of ["review", "agreed"]) {
    const answer = await lead.request("PATCH", `/api/sections/${workspace.section(4)}`, { status });
    expect(answer.status).toBe(200);
  }
  const usa = await openDraftAs("usa");
  await expect.poll(() => usa.status(4), LIVE).toBe("Agreed");
  const title = (await usa.sectionBlock(4).locator("h2").textContent())?.replace(/^\d+\.\s*/, "").trim() ?? "";
  expect(title.length).toBeGreaterThan(0);

  await usa.statusSelect(4).selectOption("drafting");
  const question = usa.page.getByTestId("reopen-confirm");
  await question.waitFor({ timeout: LIVE.timeout });
  expect(await question.textContent()).toContain(`Reopen section 4 “${title}”?`);
  // The safe answer has the focus: Enter keeps it agreed.
  await usa.page.keyboard.press("Enter");
  await question.waitFor({ state: "detached", timeout: LIVE.timeout });
  expect(await usa.status(4)).toBe("Agreed");
  const stillAgreed = await lead.request<{ sections: { id: string; status: string }[] }>(
    "GET",
    `/api/drafts/${workspace.doctrine.id}`,
  );
  expect(stillAgreed.body.sections.find((section) => section.id === workspace.section(4))?.status).toBe("agreed");

  await usa.statusSelect(4).selectOption("review");
  await usa.page.getByTestId("confirm-reopen").click();
  await expect.poll(() => usa.status(4), LIVE).toBe("In review");
});

test("a lead typing in a section another delegation holds is told whose pen it is, once per section", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 3: France holds the pen; the United States leads the group.
  const usa = await openDraftAs("usa");
  await usa.typeInto(3, " The lead adds a line.");
  await expect.poll(() => onServer.sectionText(3), LIVE).toContain("The lead adds a line.");
  const told = usa.page
    .getByTestId("live-notices")
    .locator(".live-notice", { hasText: "as a lead: the pen is held by" });
  await expect.poll(() => told.count(), LIVE).toBe(1);
  expect(await told.textContent()).toMatch(/section 3 .* the pen is held by France point of contact \(FRA\)/);

  await usa.keepTyping(" And another.");
  await expect.poll(() => onServer.sectionText(3), LIVE).toContain("And another.");
  expect(await told.count()).toBe(1);
  // Its own section says nothing.
  await usa.typeInto(1, " USA's own words.");
  await expect.poll(() => onServer.sectionText(1), LIVE).toContain("USA's own words.");
  expect(await usa.page.getByTestId("live-notices").locator(".live-notice", { hasText: "as a lead" }).count()).toBe(1);
});
