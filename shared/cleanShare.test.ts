import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { cleanShareOf, coveredCharacters, draftProgressOf, percentClean, sectionProgress } from "./cleanShare.ts";
import { anchorForText, findText, sectionFragment } from "./discussionAnchors.ts";

const FIRST = "States shall cooperate fully with the mission.";
const SECOND = "Police advisers report to the head of mission.";

function sectionDoc(paragraphs: string[] = [FIRST, SECOND]): Y.Doc {
  const doc = new Y.Doc();
  sectionFragment(doc).insert(
    0,
    paragraphs.map((text) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(text)]);
      return paragraph;
    }),
  );
  return doc;
}

function textOf(doc: Y.Doc, needle: string): { text: Y.XmlText; start: number; end: number } {
  const found = findText(doc, needle);
  if (!found) throw new Error(`"${needle}" is not in the section`);
  return found;
}

function anchor(doc: Y.Doc, needle: string) {
  const found = anchorForText(doc, needle);
  if (!found) throw new Error(`"${needle}" is not in the section`);
  return found;
}

describe("coveredCharacters", () => {
  test("counts overlapping and nested spans once, per text run", () => {
    expect(
      coveredCharacters([
        { block: 0, start: 0, end: 10 },
        { block: 0, start: 5, end: 15 },
        { block: 0, start: 6, end: 8 },
        { block: 1, start: 0, end: 4 },
        { block: 1, start: 4, end: 4 },
      ]),
    ).toBe(19);
  });

  test("adjacent spans add up and empty lists cover nothing", () => {
    expect(
      coveredCharacters([
        { block: 2, start: 3, end: 5 },
        { block: 2, start: 0, end: 3 },
      ]),
    ).toBe(5);
    expect(coveredCharacters([])).toBe(0);
  });
});

describe("cleanShareOf", () => {
  test("is clean characters over all characters, and 1 for an empty text", () => {
    expect(cleanShareOf(200, 150)).toBe(0.75);
    expect(cleanShareOf(0, 0)).toBe(1);
  });

  test("a text with any bracket never shows as 100 per cent clean", () => {
    expect(percentClean(0.9999)).toBe(99.9);
    expect(percentClean(0.75)).toBe(75);
    expect(percentClean(1)).toBe(100);
  });
});

describe("sectionProgress", () => {
  test("a bracket covers exactly its passage", () => {
    const doc = sectionDoc();
    const progress = sectionProgress("s1", doc, [anchor(doc, "cooperate fully")]);
    const total = FIRST.length + SECOND.length;
    expect(progress).toEqual({
      id: "s1",
      openBrackets: 1,
      characters: total,
      cleanCharacters: total - "cooperate fully".length,
      cleanShare: (total - "cooperate fully".length) / total,
    });
  });

  test("edits before, after and around a bracket keep it on its words; edits inside it grow it", () => {
    const doc = sectionDoc();
    const bracket = anchor(doc, "cooperate fully");
    const first = textOf(doc, "cooperate fully");
    first.text.insert(0, "All ");
    const after = textOf(doc, "with the mission");
    after.text.insert(after.end, " and its partners");
    textOf(doc, SECOND).text.insert(0, "Senior ");
    let progress = sectionProgress("s1", doc, [bracket]);
    const total = () => sectionProgress("s1", doc, []).characters;
    expect(progress.characters).toBe(FIRST.length + SECOND.length + "All ".length + " and its partners".length + 7);
    expect(progress.characters - progress.cleanCharacters).toBe("cooperate fully".length);

    // Typing inside the bracketed passage makes the passage longer.
    const inside = textOf(doc, "cooperate fully");
    inside.text.insert(inside.start + "cooperate".length, " actively and");
    progress = sectionProgress("s1", doc, [bracket]);
    expect(progress.characters - progress.cleanCharacters).toBe("cooperate actively and fully".length);

    // Typing right before and right after it stays outside.
    const edges = textOf(doc, "cooperate actively and fully");
    edges.text.insert(edges.end, "!");
    edges.text.insert(edges.start, "(");
    progress = sectionProgress("s1", doc, [bracket]);
    expect(progress.characters - progress.cleanCharacters).toBe("cooperate actively and fully".length);
    expect(progress.characters).toBe(total());
  });

  test("nested and overlapping brackets count their characters once", () => {
    const doc = sectionDoc();
    const outer = anchor(doc, "cooperate fully with");
    const inner = anchor(doc, "fully");
    const overlapping = anchor(doc, "with the mission");
    const progress = sectionProgress("s1", doc, [outer, inner, overlapping]);
    expect(progress.openBrackets).toBe(3);
    expect(progress.characters - progress.cleanCharacters).toBe("cooperate fully with the mission".length);

    // Deleting part of the inner passage shrinks what is covered, not the count.
    const fully = textOf(doc, "fully");
    fully.text.delete(fully.start, 2);
    const after = sectionProgress("s1", doc, [outer, inner, overlapping]);
    expect(after.characters - after.cleanCharacters).toBe("cooperate lly with the mission".length);
  });

  test("a bracket whose words were all deleted still counts as open but covers nothing", () => {
    const doc = sectionDoc();
    const bracket = anchor(doc, "Police advisers");
    const found = textOf(doc, "Police advisers");
    found.text.delete(found.start, found.end - found.start);
    const progress = sectionProgress("s1", doc, [bracket]);
    expect(progress.openBrackets).toBe(1);
    expect(progress.cleanShare).toBe(1);
  });

  test("an empty section is clean", () => {
    expect(sectionProgress("s1", sectionDoc([]), []).cleanShare).toBe(1);
  });
});

describe("draftProgressOf", () => {
  test("weighs sections by their length, not equally", () => {
    const progress = draftProgressOf([
      { id: "a", openBrackets: 1, characters: 100, cleanCharacters: 50, cleanShare: 0.5 },
      { id: "b", openBrackets: 0, characters: 300, cleanCharacters: 300, cleanShare: 1 },
    ]);
    expect(progress.openBrackets).toBe(1);
    expect(progress.cleanShare).toBe(350 / 400);
    expect(progress.sections.map((section) => section.id)).toEqual(["a", "b"]);
  });
});
