import type * as Y from "yjs";
import { type Anchor, plainText, resolveAnchor, textBlocks } from "./discussionAnchors.ts";
import type { DraftProgress, SectionProgress } from "./negotiation.ts";

/**
 * How clean a text is: the share of its characters that lie outside open
 * brackets. Overlapping or nested brackets count their characters once; a
 * bracket whose words were all deleted still counts as open but covers
 * nothing. An empty text is clean (share 1).
 */

export interface Span {
  /** Index of the text run (paragraph, heading, list item) in document order. */
  block: number;
  start: number;
  end: number;
}

/** Characters covered by at least one span. */
export function coveredCharacters(spans: readonly Span[]): number {
  const sorted = spans
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.block - b.block || a.start - b.start || a.end - b.end);
  let covered = 0;
  let block = -1;
  let reach = 0;
  for (const span of sorted) {
    if (span.block !== block) {
      block = span.block;
      reach = 0;
    }
    const from = Math.max(span.start, reach);
    if (span.end > from) covered += span.end - from;
    reach = Math.max(reach, span.end);
  }
  return covered;
}

export function cleanShareOf(characters: number, cleanCharacters: number): number {
  if (characters <= 0) return 1;
  return Math.min(1, Math.max(0, cleanCharacters / characters));
}

/** One section's figures from its text-run lengths and the spans of its open brackets (null = detached). */
export function sectionProgressOf(
  id: string,
  blockLengths: readonly number[],
  openBracketSpans: readonly (Span | null)[],
): SectionProgress {
  const characters = blockLengths.reduce((sum, length) => sum + length, 0);
  const spans = openBracketSpans.filter((span): span is Span => span !== null);
  const cleanCharacters = characters - coveredCharacters(spans);
  return {
    id,
    openBrackets: openBracketSpans.length,
    cleanShare: cleanShareOf(characters, cleanCharacters),
    characters,
    cleanCharacters,
  };
}

/** A section's figures from its live document and the anchors of its open brackets. */
export function sectionProgress(id: string, sectionDoc: Y.Doc, openBracketAnchors: readonly Anchor[]): SectionProgress {
  const blocks = textBlocks(sectionDoc);
  const indexOf = new Map<Y.XmlText, number>(blocks.map((text, index) => [text, index]));
  const spans = openBracketAnchors.map((anchor): Span | null => {
    const resolved = resolveAnchor(sectionDoc, anchor);
    const block = resolved ? indexOf.get(resolved.text) : undefined;
    return resolved && block !== undefined ? { block, start: resolved.start, end: resolved.end } : null;
  });
  return sectionProgressOf(
    id,
    blocks.map((text) => plainText(text).length),
    spans,
  );
}

/** The draft's figures: sums over its sections, in reading order. */
export function draftProgressOf(sections: readonly SectionProgress[]): DraftProgress {
  const characters = sections.reduce((sum, section) => sum + section.characters, 0);
  const cleanCharacters = sections.reduce((sum, section) => sum + section.cleanCharacters, 0);
  return {
    openBrackets: sections.reduce((sum, section) => sum + section.openBrackets, 0),
    cleanShare: cleanShareOf(characters, cleanCharacters),
    characters,
    cleanCharacters,
    sections: [...sections],
  };
}

/** "75 % clean" style figure, rounded down so a text with any bracket never shows 100 %. */
export function percentClean(cleanShare: number): number {
  const percent = Math.floor(cleanShare * 1000) / 10;
  return cleanShare < 1 && percent >= 100 ? 99.9 : percent;
}
