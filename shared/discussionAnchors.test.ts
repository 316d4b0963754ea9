import { absolutePositionToRelativePosition } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import {
  type Anchor,
  anchorForText,
  anchorInText,
  compareDocumentOrder,
  documentOrderKey,
  encodeRelativePosition,
  findText,
  normalizeAnchor,
  plainText,
  replaceAnchoredText,
  resolveAnchor,
  sectionFragment,
  textBlocks,
} from "./discussionAnchors.ts";
import { SECTION_FRAGMENT } from "./editorVersion.ts";

const FIRST = "The quick brown fox jumps over the lazy dog.";
const SECOND = "A second paragraph follows the first one.";

/** A section document as Tiptap writes it: paragraphs holding one Y.XmlText each. */
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

/** Two replicas of the same section, as two editors would hold it. */
function replicas(paragraphs?: string[]): [Y.Doc, Y.Doc] {
  const a = sectionDoc(paragraphs);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

/** Delivers to each replica what the other has and it lacks (both directions, like a sync round). */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

function firstText(doc: Y.Doc): Y.XmlText {
  const text = textBlocks(doc)[0];
  if (!text) throw new Error("no text");
  return text;
}

function anchorOn(doc: Y.Doc, needle: string): Anchor {
  const anchor = anchorForText(doc, needle);
  if (!anchor) throw new Error(`"${needle}" not in the section`);
  return anchor;
}

function quoted(doc: Y.Doc, anchor: Anchor): string | null {
  return resolveAnchor(doc, anchor)?.currentText ?? null;
}

/** Both replicas agree and the anchor shows `expected` in each. */
function expectBoth(a: Y.Doc, b: Y.Doc, anchor: Anchor, expected: string | null): void {
  expect(plainText(firstText(a))).toBe(plainText(firstText(b)));
  expect(quoted(a, anchor)).toBe(expected);
  expect(quoted(b, anchor)).toBe(expected);
}

describe("an anchor on 'brown fox'", () => {
  test("keeps its words through concurrent insertions before the range on both replicas", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    firstText(a).insert(0, "Indeed, ");
    firstText(b).insert(4, "very ");
    exchange(a, b);
    expectBoth(a, b, anchor, "brown fox");
    expect(plainText(firstText(a))).toBe("Indeed, The very quick brown fox jumps over the lazy dog.");
  });

  test("keeps text typed exactly at its start or end outside the range", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    const start = FIRST.indexOf("brown fox");
    firstText(a).insert(start, "big ");
    firstText(b).insert(start + "brown fox".length, "es");
    exchange(a, b);
    expectBoth(a, b, anchor, "brown fox");
    expect(plainText(firstText(b))).toContain("big brown foxes jumps");
  });

  test("includes text inserted inside the range, concurrently with edits after it", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    firstText(a).insert(FIRST.indexOf("fox"), "red ");
    firstText(b).insert(FIRST.indexOf("lazy"), "very ");
    exchange(a, b);
    expectBoth(a, b, anchor, "brown red fox");
    expect(plainText(firstText(a))).toBe("The quick brown red fox jumps over the very lazy dog.");
  });

  test("is unaffected by insertions after the range and edits in other paragraphs", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    firstText(a).insert(FIRST.length, " Then it sleeps.");
    const second = textBlocks(b)[1];
    second?.insert(0, "Note: ");
    sectionFragment(b).insert(0, [new Y.XmlElement("paragraph")]);
    exchange(a, b);
    expectBoth(a, b, anchor, "brown fox");
  });

  test("shrinks to what is left when part of it is deleted, from either end", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    const start = FIRST.indexOf("brown fox");
    firstText(a).delete(start, "brown ".length);
    exchange(a, b);
    expectBoth(a, b, anchor, "fox");

    const [c, d] = replicas();
    const other = anchorOn(c, "brown fox");
    firstText(d).delete(start + "brown f".length, 2);
    firstText(c).delete(start, 1);
    exchange(c, d);
    expectBoth(c, d, other, "rown f");
  });

  test("becomes detached (null) when all of its text is deleted, and stays detached when text is typed there", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    const start = FIRST.indexOf("brown fox");
    firstText(b).delete(start - 1, "brown fox".length + 2);
    exchange(a, b);
    expectBoth(a, b, anchor, null);
    firstText(a).insert(start - 1, " grey wolf ");
    exchange(a, b);
    expectBoth(a, b, anchor, null);
  });

  test("keeps the words typed inside it when one replica deletes the whole range while the other types inside", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    const start = FIRST.indexOf("brown fox");
    firstText(a).delete(start, "brown fox".length);
    firstText(b).insert(start + "brown ".length, "red ");
    exchange(a, b);
    expectBoth(a, b, anchor, "red ");
  });

  test("becomes detached when its paragraph is deleted", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    sectionFragment(b).delete(0, 1);
    exchange(a, b);
    expect(quoted(a, anchor)).toBeNull();
    expect(quoted(b, anchor)).toBeNull();
    expect(documentOrderKey(a, anchor)).toBeNull();
  });

  test("survives bold formatting applied over it", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "brown fox");
    firstText(b).format(FIRST.indexOf("quick"), "quick brown".length, { bold: {} });
    exchange(a, b);
    expectBoth(a, b, anchor, "brown fox");
  });

  test("keeps its words through seeded random concurrent edits outside the range", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const random = mulberry32(seed);
      const [a, b] = replicas();
      const anchor = anchorOn(a, "brown fox");
      for (let round = 0; round < 20; round++) {
        for (const doc of [a, b]) {
          const resolved = resolveAnchor(doc, anchor);
          if (!resolved) throw new Error(`seed ${seed}: anchor lost`);
          const text = firstText(doc);
          // Before the range or after it, never touching it.
          const before = random() < 0.5;
          const at = before
            ? Math.floor(random() * (resolved.start + 1))
            : resolved.end + Math.floor(random() * (text.length - resolved.end + 1));
          if (random() < 0.7) {
            text.insert(at, "xy".repeat(1 + Math.floor(random() * 3)));
          } else {
            const room = before ? resolved.start - at : text.length - at;
            if (room > 0) text.delete(at, 1 + Math.floor(random() * Math.min(room, 3)));
          }
        }
        if (random() < 0.5) exchange(a, b);
      }
      exchange(a, b);
      expect(plainText(firstText(a)), `seed ${seed}`).toBe(plainText(firstText(b)));
      expect(quoted(a, anchor), `seed ${seed}`).toBe("brown fox");
      expect(quoted(b, anchor), `seed ${seed}`).toBe("brown fox");
    }
  });
});

describe("an insertion point", () => {
  test("stays after the character before it and receives the proposed text there", () => {
    const [a, b] = replicas();
    const at = FIRST.indexOf(" jumps");
    const anchor = anchorInText(firstText(a), at, at);
    expect(anchor.start).toBe(anchor.end);
    firstText(b).insert(0, "Look: ");
    exchange(a, b);
    const resolved = resolveAnchor(a, anchor);
    expect(resolved?.currentText).toBe("");
    if (!resolved) throw new Error("unresolved");
    a.transact(() => replaceAnchoredText(resolved, " and cunning"));
    expect(plainText(firstText(a))).toBe("Look: The quick brown fox and cunning jumps over the lazy dog.");
  });

  test("at the start of a paragraph stays at its start", () => {
    const [a, b] = replicas();
    const anchor = anchorInText(firstText(a), 0, 0);
    firstText(b).insert(4, "very ");
    exchange(a, b);
    expect(resolveAnchor(a, anchor)).toMatchObject({ start: 0, end: 0, currentText: "" });
  });
});

describe("replacing anchored text", () => {
  test("puts exactly the replacement where the words were, after concurrent edits elsewhere", () => {
    const [a, b] = replicas();
    const anchor = anchorOn(a, "lazy dog");
    firstText(b).insert(0, "Today ");
    exchange(a, b);
    const resolved = resolveAnchor(a, anchor);
    if (!resolved) throw new Error("unresolved");
    a.transact(() => replaceAnchoredText(resolved, "sleeping cat"));
    exchange(a, b);
    expect(plainText(firstText(b))).toBe("Today The quick brown fox jumps over the sleeping cat.");
  });

  test("keeps the formatting of the replaced words", () => {
    const doc = sectionDoc();
    const text = firstText(doc);
    text.format(FIRST.indexOf("brown"), "brown".length, { bold: {} });
    const resolved = resolveAnchor(doc, anchorOn(doc, "brown"));
    if (!resolved) throw new Error("unresolved");
    doc.transact(() => replaceAnchoredText(resolved, "red"));
    expect(text.toDelta()).toEqual([
      { insert: "The quick " },
      { insert: "red", attributes: { bold: {} } },
      { insert: " fox jumps over the lazy dog." },
    ]);
  });

  test("with an empty replacement deletes the words", () => {
    const doc = sectionDoc();
    const resolved = resolveAnchor(doc, anchorOn(doc, "quick "));
    if (!resolved) throw new Error("unresolved");
    replaceAnchoredText(resolved, "");
    expect(plainText(firstText(doc))).toBe("The brown fox jumps over the lazy dog.");
  });
});

describe("normalizeAnchor", () => {
  test("accepts y-tiptap's relative positions from a ProseMirror selection and normalises them", () => {
    const doc = sectionDoc();
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    // y-tiptap only needs node sizes of non-text nodes: paragraph = text + 2.
    const mapping = new Map(
      fragment.toArray().map((node, i) => [node, { nodeSize: ([FIRST, SECOND][i] ?? "").length + 2 }]),
    );
    const from = 1 + FIRST.length + 2 + SECOND.indexOf("second");
    const to = from + "second paragraph".length;
    const client: Anchor = {
      start: encodeRelativePosition(absolutePositionToRelativePosition(from, fragment, mapping as never)),
      end: encodeRelativePosition(absolutePositionToRelativePosition(to, fragment, mapping as never)),
    };
    const check = normalizeAnchor(doc, client, { allowInsertion: false });
    if (!check.ok) throw new Error(check.reason);
    expect(check.resolved.currentText).toBe("second paragraph");
    expect(check.anchor).toEqual(anchorOn(doc, "second paragraph"));
    // y-tiptap associates both ends to the left: typing at the start would fall inside; normalised, it does not.
    const text = textBlocks(doc)[1];
    text?.insert(SECOND.indexOf("second"), "new ");
    expect(quoted(doc, client)).toBe("new second paragraph");
    expect(quoted(doc, check.anchor)).toBe("second paragraph");
  });

  test("refuses a range across two paragraphs", () => {
    const doc = sectionDoc();
    const [first, second] = textBlocks(doc);
    if (!first || !second) throw new Error("texts");
    const anchor: Anchor = {
      start: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first, 4, 0)),
      end: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(second, 3, -1)),
    };
    const check = normalizeAnchor(doc, anchor, { allowInsertion: true });
    expect(check).toEqual({ ok: false, reason: expect.stringContaining("more than one paragraph") });
  });

  test("refuses positions between blocks, in another document, in a named root type, or that are not positions", () => {
    const doc = sectionDoc();
    const between = encodeRelativePosition(Y.createRelativePositionFromTypeIndex(sectionFragment(doc), 1, 0));
    const elsewhere = anchorOn(sectionDoc(), "brown fox");
    const named = encodeRelativePosition(new Y.RelativePosition(null, "injected", null, 0));
    for (const anchor of [
      { start: between, end: between },
      elsewhere,
      { start: named, end: named },
      { start: "AAAA", end: "AAAA" },
      { start: "!!not base64", end: "////" },
    ]) {
      expect(normalizeAnchor(doc, anchor, { allowInsertion: true }).ok).toBe(false);
    }
    expect(doc.share.size).toBe(1);
  });

  test("refuses an empty range for a comment but takes it as an insertion point for a proposal", () => {
    const doc = sectionDoc();
    const point = encodeRelativePosition(Y.createRelativePositionFromTypeIndex(firstText(doc), 9, -1));
    const other = encodeRelativePosition(Y.createRelativePositionFromTypeIndex(firstText(doc), 9, 0));
    expect(normalizeAnchor(doc, { start: point, end: other }, { allowInsertion: false })).toMatchObject({ ok: false });
    const check = normalizeAnchor(doc, { start: point, end: other }, { allowInsertion: true });
    expect(check).toMatchObject({ ok: true, resolved: { start: 9, end: 9, currentText: "" } });
    if (check.ok) expect(check.anchor.start).toBe(check.anchor.end);
  });
});

test("documentOrderKey sorts anchors in reading order, detached ones last", () => {
  const doc = sectionDoc();
  const late = anchorOn(doc, "first one");
  const early = anchorOn(doc, "quick");
  const middle = anchorOn(doc, "lazy");
  const gone = anchorOn(doc, "jumps");
  const found = findText(doc, "jumps");
  found?.text.delete(found.start, found.end - found.start);
  const sorted = [late, gone, middle, early]
    .map((anchor) => ({ anchor, key: documentOrderKey(doc, anchor) }))
    .sort((x, y) => compareDocumentOrder(x.key, y.key))
    .map(({ anchor }) => anchor);
  expect(sorted).toEqual([early, middle, late, gone]);
});

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
