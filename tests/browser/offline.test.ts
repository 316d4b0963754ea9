import { expect } from "vitest";
import { anchorOn } from "../helpers/discussion.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { DiscussionPanel } from "./fixtures/DiscussionPanel.ts";
import type { DraftPage } from "./fixtures/DraftPage.ts";
import { browserTest, type ServerCopy } from "./fixtures/test.ts";

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
  const usa = await sessionFor(server, "usa");
  const singapore = await sessionFor(server, "sgp");
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

/**
 * Waits until the device holds a copy of each of the draft's `count` documents
 * (sections and discussion) with the time it was last in step with the server.
 */
async function waitForDeviceCopies(draft: DraftPage, count: number): Promise<void> {
  await draft.page.waitForFunction(
    async (expected) => {
      const names = (await indexedDB.databases())
        .map((database) => database.name ?? "")
        .filter((name) => /^plenary:.*:(section|discussion):/.test(name));
      const stamped = await Promise.all(
        names.map(
          (name) =>
            new Promise<boolean>((resolve) => {
              const request = indexedDB.open(name);
              request.onerror = () => resolve(false);
              request.onsuccess = () => {
                const db = request.result;
                try {
                  const read = db.transaction("custom").objectStore("custom").get("plenary:syncedAt");
                  read.onsuccess = () => {
                    db.close();
                    resolve(typeof read.result === "number");
                  };
                  read.onerror = () => {
                    db.close();
                    resolve(false);
                  };
                } catch {
                  db.close();
                  resolve(false);
                }
              };
            }),
        ),
      );
      return stamped.filter(Boolean).length >= expected;
    },
    count,
    { timeout: LIVE.timeout, polling: 200 },
  );
}

/** Opens the draft as `account`, reloads it offline and checks that every section and the discussion are shown from the device. */
async function expectWholeDraftOffline(draft: DraftPage, onServer: ServerCopy, threadText: string): Promise<void> {
  const panel = new DiscussionPanel(draft);
  await panel.threads(threadText).first().waitFor({ timeout: LIVE.timeout });
  const texts = ([1, 2, 3, 4, 5] as const).map((n) => onServer.sectionText(n));
  await waitForOfflineShell(draft);
  await waitForDeviceCopies(draft, 6);

  await draft.page.context().setOffline(true);
  await reloadAndWaitFor(draft, 1);
  await expect.poll(() => draft.connectionStatus(), LIVE).toBe("Offline");
  for (const [index, text] of texts.entries()) {
    expect(text.length).toBeGreaterThan(0);
    await expect.poll(() => draft.sectionText(index + 1), LIVE).toBe(text);
    await expect
      .poll(
        () =>
          draft
            .sectionBlock(index + 1)
            .getByTestId("offline-copy")
            .textContent(),
        LIVE,
      )
      .toMatch(/^Offline copy from .+/);
  }
  await panel.threads(threadText).first().waitFor({ timeout: LIVE.timeout });
  expect(await panel.sidebar().getByText("Loading the discussion…").count()).toBe(0);
  expect(await panel.sidebar().getByTestId("offline-copy").textContent()).toMatch(/^Offline copy from .+/);

  // Back online, the live text replaces the marks.
  await draft.page.context().setOffline(false);
  await expect.poll(() => draft.connectionStatus(), LIVE).toBe("Connected");
  await expect.poll(() => draft.page.getByTestId("offline-copy").count(), LIVE).toBe(0);
}

test("an observer who reloads while offline reads every section and the discussion from the device, marked as an offline copy", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  const singapore = await sessionFor(server, "sgp");
  const anchor = await anchorOn(server, singapore.token, workspace.section(2), "Police action");
  const created = await singapore.request("POST", `/api/drafts/${workspace.doctrine.id}/threads`, {
    sectionId: workspace.section(2),
    anchor,
    body: "Observers should be able to read this offline.",
  });
  expect(created.status).toBe(201);
  const observer = await openDraftAs("au");
  await expectWholeDraftOffline(observer, onServer, "Observers should be able to read this offline.");
});

test("a member who reloads while offline reads the sections others hold and the discussion from the device, marked as an offline copy", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  const france = await sessionFor(server, "fra");
  const anchor = await anchorOn(server, france.token, workspace.section(1), "This doctrine");
  const created = await france.request("POST", `/api/drafts/${workspace.doctrine.id}/threads`, {
    sectionId: workspace.section(1),
    anchor,
    body: "Members read this offline too.",
  });
  expect(created.status).toBe(201);
  const interpol = await openDraftAs("interpol");
  await expectWholeDraftOffline(interpol, onServer, "Members read this offline too.");
});

/** The names of the IndexedDB databases this browser holds for `userId`. */
function deviceCopiesOf(draft: DraftPage, userId: string): Promise<string[]> {
  return draft.page.evaluate(
    async (prefix) =>
      (await indexedDB.databases()).map((database) => database.name ?? "").filter((name) => name.startsWith(prefix)),
    `plenary:${userId}:`,
  );
}

function signOutButton(draft: DraftPage) {
  return draft.page.getByRole("banner").getByRole("button", { name: "Sign out" });
}

test("signing out deletes every copy of the draft this device kept", async ({ openDraftAs, server }) => {
  const user = (await sessionFor(server, "interpol")).user;
  const interpol = await openDraftAs("interpol");
  await waitForDeviceCopies(interpol, 6);
  expect((await deviceCopiesOf(interpol, user.id)).length).toBeGreaterThanOrEqual(6);

  await signOutButton(interpol).click();
  await interpol.page.getByText("You have signed out.").waitFor({ timeout: LIVE.timeout });
  expect(await deviceCopiesOf(interpol, user.id)).toEqual([]);
});

test("signing out with changes not yet sent says so, sends them first, then deletes the copies; or keeps them when asked", async ({
  openDraftAs,
  onServer,
  server,
  workspace,
}) => {
  const user = (await sessionFor(server, "sgp")).user;
  const singapore = await openDraftAs("sgp");
  await waitForOfflineShell(singapore);
  const sentence = " Sent before signing out.";

  await singapore.page.context().setOffline(true);
  await singapore.typeInto(2, sentence);
  await expect.poll(() => singapore.connectionStatus(), LIVE).toBe(OFFLINE_WITH_CHANGES);

  await signOutButton(singapore).click();
  const question = singapore.page.getByTestId("sign-out-unsent");
  await question.waitFor({ timeout: LIVE.timeout });
  expect(await question.textContent()).toContain("Changes you made in 1 document have not reached the server yet.");
  await question.getByTestId("send-then-sign-out").click();
  await expect.poll(() => question.textContent(), LIVE).toContain("You are offline");
  // Still signed in, nothing lost, while offline.
  expect(await singapore.sectionText(2)).toContain(sentence.trim());

  await singapore.page.context().setOffline(false);
  await singapore.page.getByText("You have signed out.").waitFor({ timeout: LIVE.timeout });
  expect(onServer.sectionText(2)).toContain(sentence.trim());
  expect(await deviceCopiesOf(singapore, user.id)).toEqual([]);

  // Keeping them instead: they stay on this device, unsent, for the next sign-in.
  const again = await openDraftAs("sgp");
  await waitForOfflineShell(again);
  await again.page.context().setOffline(true);
  await again.typeInto(2, " Kept on this device.");
  await expect.poll(() => again.connectionStatus(), LIVE).toBe(OFFLINE_WITH_CHANGES);
  await signOutButton(again).click();
  await again.page.getByTestId("keep-and-sign-out").click();
  await again.page.getByText("You have signed out.").waitFor({ timeout: LIVE.timeout });
  expect(await deviceCopiesOf(again, user.id)).toContain(`plenary:${user.id}:section:${workspace.section(2)}`);
});
