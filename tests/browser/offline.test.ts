import { expect } from "vitest";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import type { DraftPage } from "./fixtures/DraftPage.ts";
import { browserTest } from "./fixtures/test.ts";

/** Live means within a few seconds on a loaded 2-core machine; bounded so a failure is quick. */
const LIVE = { timeout: 15_000, interval: 100 } as const;
const OFFLINE_WITH_CHANGES = "Offline — changes kept on this device";

// Each test works in a section of its own: Singapore's section 2, France's section 3.
const test = browserTest(sharedTestServer());

/**
 * The application shell is kept by a service worker: until it is active, a
 * reload without a network would show the browser's error page, not Plenary.
 */
async function waitForOfflineShell(draft: DraftPage): Promise<void> {
  await draft.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** Reloads the tab (offline: from the kept shell) and waits until section `n` shows text again. */
async function reloadAndWaitFor(draft: DraftPage, n: number): Promise<void> {
  await draft.page.reload();
  await draft.section(n).waitFor({ timeout: LIVE.timeout });
}

test("edits made offline survive a reload of the tab and reach the others once the connection returns", async ({
  openDraftAs,
  onServer,
}) => {
  // Section 2, "Guiding principles": Singapore holds the pen.
  const singapore = await openDraftAs("sgp");
  await waitForOfflineShell(singapore);
  const sentence = " Vetting standards are agreed with the host State.";

  await singapore.page.context().setOffline(true);
  await expect.poll(() => singapore.connectionStatus(), LIVE).toBe("Offline");
  await singapore.typeInto(2, sentence);
  await expect.poll(() => singapore.connectionStatus(), LIVE).toBe(OFFLINE_WITH_CHANGES);

  await reloadAndWaitFor(singapore, 2);
  await expect.poll(() => singapore.sectionText(2), LIVE).toContain(sentence.trim());
  await expect.poll(() => singapore.connectionStatus(), LIVE).toBe(OFFLINE_WITH_CHANGES);
  expect(onServer.sectionText(2)).not.toContain(sentence.trim());

  await singapore.page.context().setOffline(false);
  await expect.poll(() => onServer.sectionText(2), LIVE).toContain(sentence.trim());
  await expect.poll(() => singapore.connectionStatus(), LIVE).toBe("Connected");
  await expect.poll(() => singapore.savedStatus(), LIVE).toBe("All changes saved");
  await expect.poll(() => singapore.sectionText(2), LIVE).toBe(onServer.sectionText(2));

  // Someone else, in a browser of their own, reads the text Singapore typed offline.
  const usa = await openDraftAs("usa");
  await expect.poll(() => usa.sectionText(2), LIVE).toContain(sentence.trim());
});

test("offline edits of a former penholder are discarded, never merged, once the pen has moved", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  const france = await openDraftAs("fra");
  await waitForOfflineShell(france);
  const before = onServer.sectionText(3);
  const sentence = " Text typed after the pen moved.";

  await france.page.context().setOffline(true);
  await france.typeInto(3, sentence);
  await expect.poll(() => france.connectionStatus(), LIVE).toBe(OFFLINE_WITH_CHANGES);
  await reloadAndWaitFor(france, 3);
  await expect.poll(() => france.sectionText(3), LIVE).toContain(sentence.trim());

  // While France is offline, the lead gives section 3 to Singapore.
  const usa = sessionFor(server, "usa");
  const singapore = sessionFor(server, "sgp");
  const assigned = await usa.request("PATCH", `/api/sections/${workspace.section(3)}`, {
    penholders: [singapore.user.id],
  });
  expect(assigned.status).toBe(200);

  await france.page.context().setOffline(false);
  // The page learns the pen moved, throws its copy away and shows the server's text.
  await expect.poll(() => france.notice(3), LIVE).toBe("Pen held by SGP");
  await expect.poll(() => france.sectionText(3), LIVE).toBe(before);
  await expect.poll(() => france.connectionStatus(), LIVE).toBe("Connected");
  expect(onServer.sectionText(3)).toBe(before);

  // Nothing comes back from the device on the next visit either.
  await reloadAndWaitFor(france, 3);
  await expect.poll(() => france.connectionStatus(), LIVE).toBe("Connected");
  await expect.poll(() => france.sectionText(3), LIVE).toBe(before);
  expect(onServer.sectionText(3)).toBe(before);
});
