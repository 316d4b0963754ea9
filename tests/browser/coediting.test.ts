import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import * as encoding from "lib0/encoding";
import { expect } from "vitest";
import * as Y from "yjs";
import { textBlocks } from "../../shared/discussionAnchors.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { joinDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
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

  // Each places the caret with the keyboard and waits until the editor holds it there,
  // then both type at once, at both ends of the section (two carets at one spot may
  // interleave, as in any editor).
  await Promise.all([france.placeCaret(3, "end"), usa.placeCaret(3, "start")]);
  await Promise.all([france.keepTyping(" FRA: vetting."), usa.keepTyping("USA: training. ")]);

  const expected = `USA: training. ${before} FRA: vetting.`;
  await expect.poll(() => onServer.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => france.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => usa.sectionText(3), LIVE).toBe(expected);
  await expect.poll(() => france.savedStatus(), LIVE).toBe("All changes saved");
  expect(await france.connectionStatus()).toBe("Connected");

  mkdirSync(ARTIFACTS, { recursive: true });
  await usa.screenshot(resolve(ARTIFACTS, "draft-page.png"));
});

test("a caret moved with the keyboard stays where it was moved when a remote change arrives before the editor read it", async ({
  openDraftAs,
  server,
  workspace,
}) => {
  // Section 2: Singapore holds the pen.
  const singapore = await openDraftAs("sgp");
  const other = await joinDocument(
    server.wsUrl,
    sectionDocumentName(workspace.section(2)),
    (await sessionFor(server, "sgp")).token,
  );
  await singapore.placeCaret(2, "start");

  // Another person's edit at the start of the section, as the server would relay it.
  const theirs = new Y.Doc();
  Y.applyUpdate(theirs, Y.encodeStateAsUpdate(other.doc));
  const first = textBlocks(theirs)[0];
  if (!first) throw new Error("section 2 has no text");
  first.insert(0, "Remote words. ");
  const update = Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(other.doc));
  const message = encoding.createEncoder();
  encoding.writeVarString(message, "relayed");
  encoding.writeVarUint(message, 0); // Hocuspocus "sync" message
  encoding.writeVarUint(message, 2); // y-protocols sync "update"
  encoding.writeVarUint8Array(message, update);

  // The browser moves the caret to the end of the text (what Ctrl+End does), and
  // the remote change arrives in the same task, before ProseMirror's
  // selectionchange handler has run.
  await singapore.section(2).evaluate(
    (root, bytes) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest('[contenteditable="false"]')
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      let last: Text | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node as Text;
      if (!last) throw new Error("no text in the section");
      document.getSelection()?.collapse(last, last.length);
      type ProviderLike = { onMessage(event: { data: ArrayBuffer }): void };
      type EditorLike = { extensionManager: { extensions: { name: string; options: { provider?: ProviderLike } }[] } };
      const editor = (root as HTMLElement & { editor?: EditorLike }).editor;
      const provider = editor?.extensionManager.extensions.find((extension) => extension.name === "collaborationCaret")
        ?.options.provider;
      if (!provider) throw new Error("no provider on this editor");
      provider.onMessage({ data: new Uint8Array(bytes).buffer });
    },
    Array.from(encoding.toUint8Array(message)),
  );

  // The same change reaches the server too (and, once more, the page: applying it twice changes nothing).
  Y.applyUpdate(other.doc, update);
  await singapore.keepTyping("Z");
  const caret = await singapore.caret(2);
  expect(caret.before.startsWith("Remote words. ")).toBe(true);
  expect(caret.after).toBe("");
  expect(caret.before.endsWith("Z")).toBe(true);
  await expect.poll(() => other.text(), LIVE).toMatch(/^Remote words\. [\s\S]*Z$/);
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
