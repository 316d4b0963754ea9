import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "vitest";
import type { SilenceProcedure } from "../../shared/negotiation.ts";
import { withdrawAll } from "../helpers/negotiation.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { expectUnchanged, LIVE } from "./fixtures/expectations.ts";
import { NegotiationPanel } from "./fixtures/NegotiationPanel.ts";
import { browserTest } from "./fixtures/test.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");

const test = browserTest(sharedTestServer());

test("France brackets a passage with two options, Singapore supports one, the observer follows the brackets and the clean share live, France resolves", async ({
  openDraftAs,
  onServer,
}) => {
  const [france, singapore, observer] = await Promise.all([openDraftAs("fra"), openDraftAs("sgp"), openDraftAs("au")]);
  const [fra, sgp, au] = [
    new NegotiationPanel(france),
    new NegotiationPanel(singapore),
    new NegotiationPanel(observer),
  ];
  // The demo already has one open bracket, in section 2.
  await expect.poll(() => au.bracketsIn(2).count(), LIVE).toBe(1);
  await expect.poll(() => au.cleanShare(), LIVE).toBeLessThan(1);
  const cleanBefore = (await au.cleanShare()) ?? 1;
  const textBefore = onServer.sectionText(3);

  // France, the penholder of section 3, brackets a passage with two alternative wordings.
  await fra.bracket(3, "interim law enforcement", ["interim executive policing", "interim policing support"]);

  // The observer sees it in the text, as circulated: [current] [option B] [option C], with delegations.
  await expect.poll(() => au.bracketsIn(3).count(), LIVE).toBe(1);
  const drawn = au.bracketsIn(3);
  await expect
    .poll(() => drawn.getByTestId("bracket-option").allTextContents(), LIVE)
    .toEqual(["[interim executive policing]", "[interim policing support]"]);
  expect(await drawn.getByTestId("bracket-label").allTextContents()).toEqual(["A · FRA", "B · FRA", "C · FRA"]);
  // ... and the clean share drops, live; the outline counts the bracket.
  await expect.poll(() => au.cleanShare(), LIVE).toBeLessThan(cleanBefore);
  await expect
    .poll(() => observer.page.locator('[data-outline-id] [data-testid="section-progress"]').allTextContents(), LIVE)
    .toContainEqual(expect.stringContaining("1 open bracket"));
  // The text itself is unchanged: a bracket only marks it.
  expect(onServer.sectionText(3)).toBe(textBefore);

  // Singapore supports option B; everyone sees the stance beside the option.
  const sgpCard = sgp.cards("interim policing support");
  await expect.poll(() => sgpCard.count(), LIVE).toBe(1);
  await sgp.support(sgpCard, "interim executive policing");
  await expect
    .poll(() => au.bracketsIn(3).getByTestId("bracket-label").nth(1).textContent(), LIVE)
    .toBe("B · FRA · ✓ SGP");

  // The observer sees everything and has nothing to act with.
  const auCard = au.cards("interim policing support");
  await expect.poll(() => auCard.count(), LIVE).toBe(1);
  expect(await auCard.locator("input, button").count()).toBe(0);
  expect(await observer.page.getByTestId("bracket-selection").count()).toBe(0);
  // Singapore does not hold the pen of section 3: it cannot choose.
  expect(await sgpCard.getByTestId("choose-option").count()).toBe(0);

  mkdirSync(ARTIFACTS, { recursive: true });
  await observer.section(3).scrollIntoViewIfNeeded();
  await observer.page.screenshot({ path: resolve(ARTIFACTS, "negotiation-bracket.png") });
  const withBracket = (await au.cleanShare()) ?? 0;

  // France chooses option B: the wording replaces the passage for everyone, the bracket closes.
  await fra.choose(fra.cards("interim policing support"), "interim executive policing");
  const after = textBefore.replace("interim law enforcement", "interim executive policing");
  await expect.poll(() => onServer.sectionText(3), LIVE).toBe(after);
  for (const page of [france, singapore, observer]) await expect.poll(() => page.sectionText(3), LIVE).toBe(after);
  await expect.poll(() => au.bracketsIn(3).count(), LIVE).toBe(0);
  await expect.poll(() => au.cleanShare(), LIVE).toBeGreaterThan(withBracket);
});

test("a draft under silence shows the deadline counting down and refuses typing; breaking silence opens it again", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  const usa = await sessionFor(server, "usa");
  await withdrawAll(usa, workspace.doctrine.id);
  const until = new Date(Date.now() + 10 * 60_000).toISOString();
  const started = await usa.request<SilenceProcedure>("POST", `/api/drafts/${workspace.doctrine.id}/silence`, {
    until,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);

  const [france, singapore] = await Promise.all([openDraftAs("fra"), openDraftAs("sgp")]);
  const fra = new NegotiationPanel(france);
  await fra.silenceBanner().waitFor(LIVE);
  expect(await fra.silenceBanner().textContent()).toContain("UTC");
  const first = await fra.countdown();
  expect(first).toMatch(/min .* s left/);
  // It counts down.
  await expect.poll(() => fra.countdown(), LIVE).not.toBe(first);

  // France holds the pen of section 3 but cannot type: the text is frozen.
  await expect.poll(() => france.notice(3), LIVE).toContain("Frozen");
  expect(await france.isEditable(3)).toBe(false);
  const text = onServer.sectionText(3);
  await france.tryToTypeInto(3, "Not during silence.");
  await expectUnchanged(() => onServer.sectionText(3), text);

  // Singapore breaks silence with a reason; France sees who and why, and can type again.
  await new NegotiationPanel(singapore).breakSilence("Singapore needs instructions from its capital.");
  const outcome = france.page.getByTestId("silence-outcome");
  await outcome.waitFor(LIVE);
  expect(await outcome.textContent()).toContain("SGP");
  expect(await outcome.textContent()).toContain("Singapore needs instructions from its capital.");
  await expect.poll(() => france.isEditable(3), LIVE).toBe(true);
  await france.typeInto(3, " Thawed.");
  await expect.poll(() => onServer.sectionText(3), LIVE).toContain("Thawed.");
});
