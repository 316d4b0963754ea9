import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "vitest";
import { type ProposalThread, readDiscussion } from "../../shared/discussion.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { fragmentText, joinDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { DiscussionPanel } from "./fixtures/DiscussionPanel.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");

const test = browserTest(sharedTestServer());

test("Singapore proposes a rewording in France's section; France sees it inline live and accepts; the text changes for everyone and the observer follows it all", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  // Section 3, "Roles of UN police and partners": France holds the pen.
  const [singapore, france, observer] = await Promise.all([openDraftAs("sgp"), openDraftAs("fra"), openDraftAs("au")]);
  const [sgp, fra, au] = [new DiscussionPanel(singapore), new DiscussionPanel(france), new DiscussionPanel(observer)];
  expect(await singapore.isEditable(3)).toBe(false);
  const before = onServer.sectionText(3);
  expect(before).toContain("carry out interim law enforcement.");

  // A Node reader of the discussion document, beside the browsers.
  const reader = await sessionFor(server, "au");
  const discussion = await joinDocument(server.wsUrl, discussionDocumentName(workspace.doctrine.id), reader.token);
  const section = await joinDocument(server.wsUrl, sectionDocumentName(workspace.section(3)), reader.token);

  // Singapore, without the pen, selects words in France's section and proposes a rewording.
  const proposed = await sgp.propose(3, "interim law enforcement", "interim executive policing", "Mandate language.");
  expect(await sgp.status(proposed)).toBe("Open");
  await expect.poll(() => proposed.textContent()).toContain("proposed by SGP");
  // Singapore may propose, not decide.
  expect(await proposed.getByTestId("accept-proposal").count()).toBe(0);

  // France sees it inline, in real time, labelled with the proposing delegation.
  const inline = fra.suggestions(3);
  await expect.poll(() => inline.count(), LIVE).toBe(1);
  expect(await inline.textContent()).toBe("interim executive policingproposed by SGP");
  // The words it would replace are still the text, struck through.
  expect(await france.sectionText(3)).toBe(before);
  expect(await france.section(3).locator(".discussion-suggestion-deleted").textContent()).toBe(
    "interim law enforcement",
  );

  // The observer sees the same proposal appear, and nothing to act with.
  await expect.poll(() => au.suggestions(3).count(), LIVE).toBe(1);
  const observed = au.threads("interim executive policing");
  await expect.poll(() => observed.count(), LIVE).toBe(1);
  expect(await au.status(observed)).toBe("Open");
  expect(await observed.getByRole("button", { name: /accept|reject|resolve/i }).count()).toBe(0);
  await au.select(3, "mentor");
  expect(await observer.page.getByTestId("propose-button").count()).toBe(0);
  expect(await observer.page.getByTestId("comment-button").count()).toBe(0);

  mkdirSync(ARTIFACTS, { recursive: true });
  await france.section(3).scrollIntoViewIfNeeded();
  await france.page.screenshot({ path: resolve(ARTIFACTS, "discussion-proposal.png") });

  // France, the penholder, accepts.
  const card = fra.threads("interim executive policing");
  await fra.accept(card);

  // The section text changes for everyone: the server (read by a Node provider) and every page.
  const after = before.replace("interim law enforcement", "interim executive policing");
  await expect.poll(() => fragmentText(section.doc), LIVE).toBe(after);
  await expect.poll(() => onServer.sectionText(3), LIVE).toBe(after);
  for (const page of [france, singapore, observer]) {
    await expect.poll(() => page.sectionText(3), LIVE).toBe(after);
  }
  await expect.poll(() => fra.suggestions(3).count(), LIVE).toBe(0);

  // The discussion document keeps who proposed it and who accepted it.
  const [thread] = readDiscussion(discussion.doc) as ProposalThread[];
  expect(thread).toMatchObject({
    kind: "proposal",
    status: "accepted",
    quote: "interim law enforcement",
    replacement: "interim executive policing",
    author: { delegation: "SGP" },
    resolution: { by: { delegation: "FRA" }, appliedText: "interim executive policing" },
  });

  // The observer saw it settle: the suggestion is gone, the proposal shows as accepted by France.
  await expect.poll(() => au.suggestions(3).count(), LIVE).toBe(0);
  await au.showResolved();
  await expect.poll(() => au.status(observed), LIVE).toBe("Accepted");
  expect(await observed.getByTestId("thread-resolution").textContent()).toContain(
    "Accepted by France point of contact",
  );
  // Singapore sees the outcome in the outline's counts too.
  await expect
    .poll(() => singapore.page.getByTestId("outline").getByTestId("discussion-counts").allTextContents(), LIVE)
    .toEqual(["Discussion: 1 accepted"]);

  await observer.section(3).scrollIntoViewIfNeeded();
  await observer.page.screenshot({ path: resolve(ARTIFACTS, "discussion-accepted.png") });
});

test("a member comments on words with an @mention; the lead finds the thread from the mention, replies and resolves it, live for the author", async ({
  openDraftAs,
}) => {
  // Section 1: the United States holds the pen; INTERPOL, a member, comments on it.
  const [interpol, usa] = await Promise.all([openDraftAs("interpol"), openDraftAs("usa")]);
  const [author, lead] = [new DiscussionPanel(interpol), new DiscussionPanel(usa)];

  // The first words of the section: an anchor at the very start of its text.
  const input = await author.startComment(1, "This doctrine");
  await input.pressSequentially("Please align with the Lyon text, @Unite");
  const suggestions = interpol.page.getByRole("listbox", { name: "Mention a member" });
  expect(await suggestions.getByRole("option").allTextContents()).toEqual(["United States point of contact USA"]);
  await interpol.page.screenshot({ path: resolve(ARTIFACTS, "discussion-mention.png") });
  await interpol.page.keyboard.press("Enter");
  await input.pressSequentially("<b>thanks</b>");
  expect(await input.inputValue()).toBe(
    "Please align with the Lyon text, @United States point of contact <b>thanks</b>",
  );
  await interpol.page.getByTestId("submit-thread").click();
  const card = author.threads("Please align with the Lyon text");
  await card.waitFor();
  // Plain text: the markup typed is shown as typed, never interpreted.
  expect(await card.getByTestId("comment-body").textContent()).toContain("<b>thanks</b>");
  expect(await card.locator("b").count()).toBe(0);

  // The commented words are highlighted for the lead, live.
  const highlight = usa.section(1).locator(".discussion-highlight");
  await expect.poll(() => highlight.textContent(), LIVE).toBe("This doctrine");

  // The mention is in the lead's "My work"; its link opens the draft on the thread.
  await usa.page.getByRole("link", { name: "My work" }).click();
  const mention = usa.page.getByTestId("my-mentions").getByRole("link", { name: /Please align with the Lyon text/ });
  await mention.click();
  await usa.ready();
  await expect.poll(() => lead.activeThread().textContent(), LIVE).toContain("Please align with the Lyon text");
  expect(usa.page.url()).toMatch(/#thread-/);

  // The lead replies and resolves; the author sees both at once.
  await lead.activeThread().getByTestId("reply-input").fill("Aligned in the next revision.");
  await lead.activeThread().getByTestId("submit-reply").click();
  await expect
    .poll(() => card.getByTestId("comment-body").allTextContents(), LIVE)
    .toEqual([
      "Please align with the Lyon text, @United States point of contact <b>thanks</b>",
      "Aligned in the next revision.",
    ]);
  await usa.page.screenshot({ path: resolve(ARTIFACTS, "discussion-reply.png") });
  await lead.activeThread().getByTestId("resolve-thread").click();
  await expect.poll(() => lead.status(lead.activeThread()), LIVE).toBe("Resolved");
  // Resolved threads leave the author's list and the text's highlights, unless shown.
  await expect.poll(() => card.count(), LIVE).toBe(0);
  await expect.poll(() => interpol.section(1).locator(".discussion-highlight").count(), LIVE).toBe(0);
  await author.showResolved();
  expect(await author.status(card)).toBe("Resolved");
  expect(await card.getByTestId("thread-resolution").textContent()).toContain(
    "Resolved by United States point of contact",
  );
});

test("a proposal whose words the penholder typed over is refused on accept, with the current text shown, and never corrupts the text", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 1: the United States holds the pen; Singapore proposes on it.
  const [singapore, usa] = await Promise.all([openDraftAs("sgp"), openDraftAs("usa")]);
  const [sgp, lead] = [new DiscussionPanel(singapore), new DiscussionPanel(usa)];
  await sgp.propose(1, "common principles", "shared principles");

  // The United States selects those words and types over them.
  await usa.section(1).focus();
  await lead.select(1, "common principles");
  await expect
    .poll(() => usa.caret(1).then((caret) => caret.focused && caret.selected), LIVE)
    .toBe("common principles");
  await usa.keepTyping("core principles");
  await expect.poll(() => onServer.sectionText(1), LIVE).toContain("the core principles, roles");
  const typed = onServer.sectionText(1);

  const card = lead.threads("shared principles");
  await card.getByTestId("accept-proposal").click();
  const refusal = card.getByTestId("proposal-outdated");
  await refusal.waitFor({ timeout: LIVE.timeout });
  expect(await refusal.textContent()).toContain("were rewritten since");
  expect(await card.getByTestId("accept-anyway").count()).toBe(0);
  expect(await lead.status(card)).toBe("Open");
  expect(onServer.sectionText(1)).toBe(typed);
  expect(await usa.sectionText(1)).not.toContain("principlesore");
});
