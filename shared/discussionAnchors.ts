import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "./editorVersion.ts";

/**
 * Where a thread or proposal sits in a section's text: two Yjs relative
 * positions into one Y.XmlText of the section's `content` fragment (the text
 * of one paragraph, heading or list item), each encoded with
 * `Y.encodeRelativePosition` and then base64. An insertion point has
 * `start === end`.
 *
 * Nothing is written into the section to anchor a thread, so commenting needs
 * no write access to the text. Relative positions point at characters (Yjs
 * items), not at offsets, so the anchor follows its words through everyone's
 * edits.
 *
 * Clients may send anchors made with y-tiptap's `absolutePositionToRelativePosition`
 * (both ends associated to the left); the server normalises every anchor it
 * stores (see `normalizeAnchor`):
 * - a range: start associated to its first character (assoc 0), end to its
 *   last character (assoc -1), so text typed just before or just after the
 *   range stays outside it and text typed inside it is part of it;
 * - an insertion point: both ends associated to the character before it.
 */
export interface Anchor {
  start: string;
  end: string;
}

/** An anchor resolved in the section's current state. */
export interface ResolvedAnchor {
  text: Y.XmlText;
  start: number;
  end: number;
  /** The anchored text now (plain text, formatting removed). */
  currentText: string;
}

export type AnchorCheck = { ok: true; anchor: Anchor; resolved: ResolvedAnchor } | { ok: false; reason: string };

type XmlNode = Y.XmlFragment | Y.XmlElement | Y.XmlText;

/** Stands in for an embedded object in plain text, so indexes match Yjs item indexes. */
const OBJECT_REPLACEMENT = "\uFFFC";

export function encodeRelativePosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** Decodes one end of an anchor; null when it is not an encoded relative position. */
export function decodeRelativePosition(encoded: string): Y.RelativePosition | null {
  try {
    const position = Y.decodeRelativePosition(fromBase64(encoded));
    if (position.item === null && position.type === null && position.tname === null) return null;
    return position;
  } catch {
    return null;
  }
}

/** The section's rich text, as bound to Tiptap. */
export function sectionFragment(sectionDoc: Y.Doc): Y.XmlFragment {
  return sectionDoc.getXmlFragment(SECTION_FRAGMENT);
}

/** Every text run of the section in document order (one per paragraph or heading, more around inline nodes). */
export function textBlocks(sectionDoc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const visit = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) found.push(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(sectionFragment(sectionDoc));
  return found;
}

/** The plain text of a text run: formatting dropped, embeds as U+FFFC so offsets match Yjs indexes. */
export function plainText(text: Y.XmlText): string {
  let result = "";
  for (const op of text.toDelta() as { insert?: unknown }[]) {
    result += typeof op.insert === "string" ? op.insert : OBJECT_REPLACEMENT;
  }
  return result;
}

/**
 * An anchor on `text` from `start` to `end` (offsets in its plain text),
 * normalised as described on `Anchor`. For an insertion point pass start === end.
 */
export function anchorInText(text: Y.XmlText, start: number, end: number): Anchor {
  if (start < 0 || end < start || end > text.length) {
    throw new RangeError(`anchor ${start}..${end} is outside a text of length ${text.length}`);
  }
  if (start === end) {
    const point = encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, start, -1));
    return { start: point, end: point };
  }
  return {
    start: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, start, 0)),
    end: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, end, -1)),
  };
}

/**
 * Finds `needle` in the section's text runs (the `occurrence`-th match, from 0)
 * and returns where it is; null if it is not there. For tests and tools.
 */
export function findText(
  sectionDoc: Y.Doc,
  needle: string,
  occurrence = 0,
): { text: Y.XmlText; start: number; end: number } | null {
  let seen = 0;
  for (const text of textBlocks(sectionDoc)) {
    const plain = plainText(text);
    let from = 0;
    for (;;) {
      const index = plain.indexOf(needle, from);
      if (index < 0) break;
      if (seen === occurrence) return { text, start: index, end: index + needle.length };
      seen += 1;
      from = index + Math.max(1, needle.length);
    }
  }
  return null;
}

/** The normalised anchor of the `occurrence`-th `needle` in the section, or null. */
export function anchorForText(sectionDoc: Y.Doc, needle: string, occurrence = 0): Anchor | null {
  const found = findText(sectionDoc, needle, occurrence);
  return found ? anchorInText(found.text, found.start, found.end) : null;
}

/**
 * Resolves an anchor in the section's current state; null when it no longer
 * points at anything: the text run was deleted, or every character of a range
 * was deleted (the thread is then "detached": kept, shown apart from the text).
 */
export function resolveAnchor(sectionDoc: Y.Doc, anchor: Anchor): ResolvedAnchor | null {
  const start = absolute(sectionDoc, anchor.start);
  const end = anchor.end === anchor.start ? start : absolute(sectionDoc, anchor.end);
  if (!start || !end || start.type !== end.type) return null;
  const isRange = anchor.start !== anchor.end;
  if (start.index > end.index || (isRange && start.index === end.index)) return null;
  const text = start.type;
  return { text, start: start.index, end: end.index, currentText: plainText(text).slice(start.index, end.index) };
}

/**
 * Checks an anchor a client sent and rewrites it in the normal form: both ends
 * must resolve, in the same text run of this section, start before end. A
 * collapsed range is accepted only when `allowInsertion` (proposals), and
 * becomes an insertion point.
 */
export function normalizeAnchor(sectionDoc: Y.Doc, anchor: Anchor, options: { allowInsertion: boolean }): AnchorCheck {
  const start = absolute(sectionDoc, anchor.start);
  const end = absolute(sectionDoc, anchor.end);
  if (!start || !end) {
    return {
      ok: false,
      reason:
        "anchor does not point into this section's text: it must be two Yjs relative positions (base64) inside one paragraph or heading of the section, made after your last edit reached the server",
    };
  }
  if (start.type !== end.type) {
    return {
      ok: false,
      reason: "anchor spans more than one paragraph, heading or line: select text within a single block",
    };
  }
  if (start.index > end.index) return { ok: false, reason: "anchor start comes after its end" };
  if (start.index === end.index && !options.allowInsertion) {
    return { ok: false, reason: "anchor is empty: select the words to comment on" };
  }
  const normal = anchorInText(start.type, start.index, end.index);
  const resolved = resolveAnchor(sectionDoc, normal);
  if (!resolved) return { ok: false, reason: "anchor does not resolve in this section" };
  return { ok: true, anchor: normal, resolved };
}

/**
 * Replaces the anchored text with `replacement` (plain text). The new text
 * takes the formatting of the first replaced character (or, for an insertion,
 * of the character before it), so a reworded bold phrase stays bold.
 */
export function replaceAnchoredText(resolved: ResolvedAnchor, replacement: string): void {
  const { text, start, end } = resolved;
  const attributes = end > start ? attributesAt(text, start) : undefined;
  if (end > start) text.delete(start, end - start);
  if (replacement.length > 0) text.insert(start, replacement, attributes);
}

/**
 * A sort key giving the anchor's place in the section (block path, then
 * offset); null when detached. Compare with `compareDocumentOrder`.
 */
export function documentOrderKey(sectionDoc: Y.Doc, anchor: Anchor): number[] | null {
  const resolved = resolveAnchor(sectionDoc, anchor);
  if (!resolved) return null;
  const path: number[] = [];
  let node: XmlNode = resolved.text;
  while (node._item !== null) {
    const parent: unknown = node._item.parent;
    if (!(parent instanceof Y.XmlFragment)) return null;
    path.unshift(parent.toArray().indexOf(node as Y.XmlElement | Y.XmlText));
    node = parent;
  }
  return [...path, resolved.start, resolved.end];
}

export function compareDocumentOrder(a: number[] | null, b: number[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** One end of an anchor as a live position in a text run of this section, or null. */
function absolute(sectionDoc: Y.Doc, encoded: string): { type: Y.XmlText; index: number } | null {
  const position = decodeRelativePosition(encoded);
  // A named root type is never a text run, and resolving one would create it.
  if (!position || position.tname !== null) return null;
  let resolved: Y.AbsolutePosition | null;
  try {
    resolved = Y.createAbsolutePositionFromRelativePosition(position, sectionDoc);
  } catch {
    return null;
  }
  if (!resolved || !(resolved.type instanceof Y.XmlText)) return null;
  if (!isLiveInside(resolved.type, sectionFragment(sectionDoc))) return null;
  return { type: resolved.type, index: Math.min(resolved.index, resolved.type.length) };
}

/** Whether the type is a descendant of `root` with no deleted ancestor. */
function isLiveInside(type: XmlNode, root: Y.XmlFragment): boolean {
  let node: XmlNode = type;
  while (node !== root) {
    const item = node._item;
    if (item === null || item.deleted) return false;
    const parent: unknown = item.parent;
    // XmlElement extends XmlFragment: every container of a text run is one.
    if (!(parent instanceof Y.XmlFragment)) return false;
    node = parent;
  }
  return true;
}

function attributesAt(text: Y.XmlText, index: number): Record<string, unknown> {
  let offset = 0;
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === "string" ? op.insert.length : 1;
    if (index < offset + length) return { ...(op.attributes ?? {}) };
    offset += length;
  }
  return {};
}
