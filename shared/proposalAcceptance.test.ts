import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { anchorForText, findText, plainText, sectionFragment, textBlocks } from "./discussionAnchors.ts";
import { acceptProposal, proposalTarget } from "./proposalAcceptance.ts";

const SENTENCE = "This doctrine sets out the common principles, roles and working methods.";

function sectionDoc(text = SENTENCE): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  sectionFragment(doc).insert(0, [paragraph]);
  return doc;
}

function textOf(doc: Y.Doc): string {
  return textBlocks(doc).map(plainText).join("\n");
}

function proposalOn(doc: Y.Doc, quote: string, replacement: string) {
  const anchor = anchorForText(doc, quote);
  if (!anchor) throw new Error(`"${quote}" not found`);
  return { anchor, quote, replacement };
}

/**
 * Selecting words and typing over them in the editor: the first key replaces
 * the selection (the editor's diff keeps a common first letter and deletes the
 * rest), each further key is inserted after it, as y-prosemirror writes them.
 */
function typeOver(doc: Y.Doc, selected: string, typed: string): void {
  const found = findText(doc, selected);
  if (!found) throw new Error(`"${selected}" not found`);
  const { text, start, end } = found;
  const keep = selected[0] === typed[0] ? 1 : 0;
  text.delete(start + keep, end - start - keep);
  let at = start + keep;
  for (const char of typed.slice(keep)) {
    text.insert(at, char);
    at += 1;
  }
}

describe("accepting a proposal", () => {
  test("whose words were typed over ('common principles' → 'core principles') is refused, the text untouched", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    typeOver(doc, "common principles", "core principles");
    const before = textOf(doc);
    expect(before).toBe("This doctrine sets out the core principles, roles and working methods.");

    for (const confirm of [false, true]) {
      const result = acceptProposal(doc, proposal, { confirm });
      expect(result.kind).toBe("rewritten");
      expect(textOf(doc)).toBe(before);
      expect(textOf(doc)).not.toContain("shared principlesore");
    }
  });

  test("that still reads as proposed replaces exactly its words", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    const result = acceptProposal(doc, proposal, { confirm: false });
    expect(result).toEqual({ kind: "accepted", replaced: "common principles" });
    expect(textOf(doc)).toBe("This doctrine sets out the shared principles, roles and working methods.");
  });

  test("edited inside its words asks for confirmation first, then replaces the whole edited range", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    const found = findText(doc, "principles");
    found?.text.insert(found.start, "guiding ");
    const asked = acceptProposal(doc, proposal, { confirm: false });
    expect(asked).toEqual({ kind: "outdated", current: "common guiding principles" });
    expect(textOf(doc)).toContain("common guiding principles");

    const accepted = acceptProposal(doc, proposal, { confirm: true, expectedCurrent: "common guiding principles" });
    expect(accepted).toEqual({ kind: "accepted", replaced: "common guiding principles" });
    expect(textOf(doc)).toBe("This doctrine sets out the shared principles, roles and working methods.");
  });

  test("confirmed on a text that changed again since it was shown asks again", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    const found = findText(doc, "principles");
    found?.text.insert(found.start, "guiding ");
    const result = acceptProposal(doc, proposal, { confirm: true, expectedCurrent: "common principles" });
    expect(result).toEqual({ kind: "outdated", current: "common guiding principles" });
    expect(textOf(doc)).toContain("common guiding principles");
  });

  test("with words typed just before and just after it leaves those words in place", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    const found = findText(doc, "common principles");
    if (!found) throw new Error("not found");
    found.text.insert(found.end, " and values");
    found.text.insert(found.start, "agreed ");
    const result = acceptProposal(doc, proposal, { confirm: false });
    expect(result.kind).toBe("accepted");
    expect(textOf(doc)).toBe(
      "This doctrine sets out the agreed shared principles and values, roles and working methods.",
    );
  });

  test("whose first word was replaced is refused", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    typeOver(doc, "the common", "our");
    expect(proposalTarget(doc, proposal.anchor).kind).toBe("rewritten");
    expect(acceptProposal(doc, proposal, { confirm: true }).kind).toBe("rewritten");
  });

  test("whose words were all deleted is detached", () => {
    const doc = sectionDoc();
    const proposal = proposalOn(doc, "common principles", "shared principles");
    const found = findText(doc, "common principles");
    found?.text.delete(found.start, found.end - found.start);
    expect(acceptProposal(doc, proposal, { confirm: true })).toEqual({ kind: "detached" });
  });
});
