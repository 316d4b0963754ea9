import type { Anchor } from "../discussionAnchors.ts";
import type { Bracket } from "../negotiation.ts";
import type { JsonNode } from "../text/numbering.ts";

/**
 * Open brackets in an exported text, as the text is circulated: in place of
 * the bracketed passage, every option in square brackets, in order, each
 * followed by its sponsoring delegation:
 * `[current wording] (SGP) [option B] (SGP) [option C] (FRA)`.
 *
 * The server marks the bracketed passage in the section's rich text with a
 * `BRACKET_MARK` mark carrying the options; the renderers replace each run of
 * marked text with the circulated form. The first option is the passage as it
 * now reads (with its formatting), not the wording it had when bracketed.
 */
export const BRACKET_MARK = "plenaryBracket";

export interface CirculatedOption {
  text: string;
  delegation: string;
}

export interface CirculatedBracket {
  id: string;
  options: CirculatedOption[];
}

/** A bracket to mark in a section's text: where it is and what it offers. */
export interface AnchoredBracket extends CirculatedBracket {
  anchor: Anchor;
}

/**
 * The brackets that were open at `at` (ms since the epoch), with the options
 * they had then; `at` null means now (the brackets open now, all their
 * options). Resolved brackets read as plain text, so they are left out.
 */
export function bracketsOpenAt(
  brackets: readonly Bracket[],
  at: number | null,
): (AnchoredBracket & { sectionId: string })[] {
  return brackets
    .filter((b) =>
      at === null ? b.status === "open" : b.createdAt <= at && (b.resolution === null || b.resolution.at > at),
    )
    .map((b) => ({
      id: b.id,
      sectionId: b.sectionId,
      anchor: b.anchor,
      options: b.options
        .filter((o, index) => at === null || index === 0 || o.createdAt <= at)
        .map((o) => ({ text: o.text, delegation: o.delegation })),
    }));
}

/** How a sponsoring delegation is written after its option, the same in every format. */
export function sponsorNote(delegation: string): string {
  return `(${delegation})`;
}

export type InlinePiece =
  | { kind: "node"; node: JsonNode }
  | { kind: "bracket"; bracket: CirculatedBracket; nodes: JsonNode[] };

/**
 * Groups a block's inline children: consecutive text marked with the same
 * bracket becomes one piece (the mark removed from its nodes), everything
 * else stays as it is.
 */
export function inlinePieces(children: readonly JsonNode[]): InlinePiece[] {
  const pieces: InlinePiece[] = [];
  for (const node of children) {
    const mark = (node.marks ?? []).find((m) => m.type === BRACKET_MARK);
    const bracket = mark ? circulatedBracketOf(mark.attrs) : null;
    if (!bracket) {
      pieces.push({ kind: "node", node });
      continue;
    }
    const unmarked: JsonNode = { ...node, marks: (node.marks ?? []).filter((m) => m.type !== BRACKET_MARK) };
    const last = pieces.at(-1);
    if (last?.kind === "bracket" && last.bracket.id === bracket.id) last.nodes.push(unmarked);
    else pieces.push({ kind: "bracket", bracket, nodes: [unmarked] });
  }
  return pieces;
}

function circulatedBracketOf(attrs: Record<string, unknown> | undefined): CirculatedBracket | null {
  const id = attrs?.id;
  const options = attrs?.options;
  if (typeof id !== "string" || !Array.isArray(options)) return null;
  return {
    id,
    options: options.map((o: { text?: unknown; delegation?: unknown }) => ({
      text: String(o?.text ?? ""),
      delegation: String(o?.delegation ?? ""),
    })),
  };
}
