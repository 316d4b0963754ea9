import { expect, test } from "vitest";
import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { type DemoAccount, demoWorkspace } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, eventually, fragmentText, joinDocument } from "../helpers/collabClient.ts";
import { RawClient, serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

/** Forged edits built on the server's current state, so Yjs would apply them if allowed to. */
function forgeries(base: Y.Doc): { append: Uint8Array; wipe: Uint8Array; fullState: Uint8Array } {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(forged);
  appendParagraph(forged, "FORGED: appended by a reader.");
  const append = Y.encodeStateAsUpdate(forged, before);
  const beforeWipe = Y.encodeStateVector(forged);
  const fragment = forged.getXmlFragment(SECTION_FRAGMENT);
  fragment.delete(0, fragment.length);
  appendParagraph(forged, "FORGED: the whole section replaced.");
  const wipe = Y.encodeStateAsUpdate(forged, beforeWipe);
  return { append, wipe, fullState: Y.encodeStateAsUpdate(forged) };
}

const readers: { who: string; account: DemoAccount; section: 1 | 2 }[] = [
  { who: "an observer", account: "au", section: 1 },
  { who: "a member without the pen", account: "interpol", section: 2 },
];

for (const { account, section, who } of readers)
  test(`${who}'s forged update and sync-step-2 messages change nothing on the server, for others, or after a restart`, async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
    const reader = await sessionFor(server, account);
    const lead = await sessionFor(server, "usa");
    const name = sectionDocumentName(demo.section(section));
    const watcher = await joinDocument(server.wsUrl, name, (await sessionFor(server, "fra")).token);
    const original = watcher.text();

    const raw = await RawClient.connect(server.wsUrl);
    expect(await raw.authenticate(name, reader.token)).toMatchObject({ type: "authenticated", scope: "readonly" });
    const base = await raw.fetchState(name);
    expect(fragmentText(base)).toBe(original);
    const { append, wipe, fullState } = forgeries(base);

    raw.sendUpdate(name, append);
    raw.sendUpdate(name, wipe);
    raw.sendSyncStep2(name, fullState);
    // The same connection reads the server's state after its own messages were handled.
    expect(fragmentText(await raw.fetchState(name))).toBe(original);
    expect(raw.isOpen).toBe(true);

    // A legitimate edit made afterwards reaches the watcher; the forgeries never do.
    const writer = await joinDocument(server.wsUrl, name, lead.token);
    appendParagraph(writer.doc, "Lead: a legitimate edit.");
    await allAcknowledged(writer);
    await eventually(() => expect(watcher.text()).toContain("Lead: a legitimate edit."));
    expect(watcher.text()).toBe(`${original}\nLead: a legitimate edit.`);
    expect(watcher.text()).not.toContain("FORGED");

    await server.restart();
    const afterRestart = fragmentText(await serverState(server.wsUrl, name, lead.token));
    expect(afterRestart).toBe(`${original}\nLead: a legitimate edit.`);

    // Control: the very same bytes from a writer are applied, so only the permission stopped them.
    const control = await RawClient.connect(server.wsUrl);
    expect(await control.authenticate(name, lead.token)).toMatchObject({ scope: "read-write" });
    control.sendUpdate(name, append);
    expect(fragmentText(await control.fetchState(name))).toContain("FORGED: appended by a reader.");
  });

test("a reader's forged write to a section of another draft it can read is refused too", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  // The African Union observes both groups; try the second group's section.
  const au = await sessionFor(server, "au");
  const tocSection = demo.tocDraft.sections[0]?.id;
  if (!tocSection) throw new Error("the second draft has a section");
  const name = sectionDocumentName(tocSection);
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, au.token)).toMatchObject({ scope: "readonly" });
  const base = await raw.fetchState(name);
  const { append, fullState } = forgeries(base);
  raw.sendUpdate(name, append);
  raw.sendSyncStep2(name, fullState);
  expect(fragmentText(await raw.fetchState(name))).toBe(fragmentText(base));
});
