import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { attributedText } from "./attributedText.ts";
import { AuthorshipIndex, type AuthorshipRange, authorshipRuns } from "./authorship.ts";
import { type CompareInput, compareSections } from "./compareSections.ts";
import { rangesOfUpdate } from "./updateRanges.ts";

/** A section document whose every update is recorded as the server does, per sending delegation. */
class RecordedSection {
  readonly doc = new Y.Doc();
  readonly ranges: AuthorshipRange[] = [];

  write(delegation: string, change: (fragment: Y.XmlFragment) => void): void {
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(this.doc));
    const before = Y.encodeStateVector(editor);
    editor.transact(() => change(editor.getXmlFragment("content")));
    const update = Y.encodeStateAsUpdate(editor, before);
    const { inserts, deletes } = rangesOfUpdate(update, (client) => Y.getState(this.doc.store, client));
    for (const r of inserts) this.ranges.push({ kind: "insert", delegation, ...r });
    for (const r of deletes) this.ranges.push({ kind: "delete", delegation, ...r });
    Y.applyUpdate(this.doc, update);
  }

  snapshot(id: string, title: string): CompareInput {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    return { id, title, text: attributedText(copy.getXmlFragment("content")) };
  }

  get index(): AuthorshipIndex {
    return new AuthorshipIndex(this.ranges);
  }
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function textNode(fragment: Y.XmlFragment, index: number): Y.XmlText {
  const element = fragment.get(index) as Y.XmlElement;
  return element.get(0) as Y.XmlText;
}

describe("word diff with attribution", () => {
  it("names the delegation of every insertion and deletion", () => {
    const section = new RecordedSection();
    section.write("USA", (f) => f.insert(0, [paragraph("States shall cooperate fully."), paragraph("Second point.")]));
    const from = section.snapshot("s1", "Scope");
    section.write("FRA", (f) => textNode(f, 0).insert("States shall ".length, "promptly "));
    section.write("SGP", (f) => textNode(f, 0).delete("States shall promptly cooperate ".length, "fully".length));
    section.write("SGP", (f) => textNode(f, 0).insert("States shall promptly cooperate ".length, "in good faith"));
    const to = section.snapshot("s1", "Scope");

    const { sections } = compareSections([from], [to], {
      authorship: () => section.index,
      sectionChangedBy: () => null,
    });
    const [only] = sections;
    expect(only?.change).toBe("changed");
    expect(only?.ops).toEqual([
      { op: "equal", text: "States shall " },
      { op: "insert", text: "promptly ", delegation: "FRA" },
      { op: "equal", text: "cooperate " },
      { op: "delete", text: "fully", delegation: "SGP" },
      { op: "insert", text: "in good faith", delegation: "SGP" },
      { op: "equal", text: ".\nSecond point." },
    ]);
    expect(only?.inserted).toBe(4);
    expect(only?.deleted).toBe(1);
  });

  it("splits an insertion where the writing delegation changes, and keeps the first writer of resent text", () => {
    const section = new RecordedSection();
    section.write("USA", (f) => f.insert(0, [paragraph("Base.")]));
    const from = section.snapshot("s1", "T");
    section.write("FRA", (f) => textNode(f, 0).insert(5, " French"));
    section.write("AU", (f) => textNode(f, 0).insert(12, " African"));
    // A client resending the whole state claims nothing it did not write.
    const whole = Y.encodeStateAsUpdate(section.doc);
    const resent = rangesOfUpdate(whole, (client) => Y.getState(section.doc.store, client));
    expect(resent.inserts).toEqual([]);
    const to = section.snapshot("s1", "T");
    const ops = compareSections([from], [to], { authorship: () => section.index, sectionChangedBy: () => null })
      .sections[0]?.ops;
    expect(ops).toEqual([
      { op: "equal", text: "Base." },
      { op: "insert", text: " French", delegation: "FRA" },
      { op: "insert", text: " African", delegation: "AU" },
    ]);
    expect(authorshipRuns(to.text.text, to.text.ids, section.index, "unknown")).toEqual([
      { text: "Base.", delegation: "USA" },
      { text: " French", delegation: "FRA" },
      { text: " African", delegation: "AU" },
    ]);
  });

  it("reports added, removed, renamed and moved sections with counts", () => {
    const a = new RecordedSection();
    const b = new RecordedSection();
    const c = new RecordedSection();
    const d = new RecordedSection();
    a.write("USA", (f) => f.insert(0, [paragraph("Alpha text.")]));
    b.write("USA", (f) => f.insert(0, [paragraph("Beta text.")]));
    c.write("USA", (f) => f.insert(0, [paragraph("Gamma text.")]));
    const from = [a.snapshot("a", "Alpha"), b.snapshot("b", "Beta"), c.snapshot("c", "Gamma")];
    d.write("FRA", (f) => f.insert(0, [paragraph("Delta words here.")]));
    // c moves to the front, b is removed, a is renamed, d is new at the end.
    const to = [c.snapshot("c", "Gamma"), a.snapshot("a", "Alpha renamed"), d.snapshot("d", "Delta")];
    const docs: Record<string, RecordedSection> = { a, b, c, d };
    const result = compareSections(from, to, {
      authorship: (id) => (docs[id] as RecordedSection).index,
      sectionChangedBy: (id, change) => (id === "b" && change === "removed" ? "EU" : null),
    });
    expect(result.sections.map((s) => [s.id, s.change, s.number, s.renamedFrom ?? null, s.moved ?? null])).toEqual([
      ["c", "unchanged", "1", null, { from: "3", to: "1" }],
      ["a", "unchanged", "2", "Alpha", null],
      ["b", "removed", "2", null, null],
      ["d", "added", "3", null, null],
    ]);
    expect(result.sections.find((s) => s.id === "b")?.ops).toEqual([
      { op: "delete", text: "Beta text.", delegation: "EU" },
    ]);
    expect(result.sections.find((s) => s.id === "d")?.ops).toEqual([
      { op: "insert", text: "Delta words here.", delegation: "FRA" },
    ]);
    expect(result.counts).toEqual({
      added: 1,
      removed: 1,
      changed: 0,
      unchanged: 2,
      renamed: 1,
      moved: 1,
      insertedWords: 3,
      deletedWords: 2,
    });
  });

  it("a state compared with itself has no change", () => {
    const a = new RecordedSection();
    a.write("USA", (f) => f.insert(0, [paragraph("Same."), paragraph("Text.")]));
    const snap = a.snapshot("a", "A");
    const result = compareSections([snap], [snap], { authorship: () => a.index, sectionChangedBy: () => null });
    expect(result.sections[0]?.change).toBe("unchanged");
    expect(result.sections[0]?.ops).toEqual([{ op: "equal", text: "Same.\nText." }]);
  });
});
