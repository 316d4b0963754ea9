import { diffWordsWithSpace } from "diff";
import type { AttributedText } from "./attributedText.ts";
import { type AuthorshipIndex, fillGaps, runs } from "./authorship.ts";

export type DiffOp = { op: "equal"; text: string } | { op: "insert" | "delete"; text: string; delegation: string };

/** Delegation named when nothing was recorded (text written before attribution existed). */
export const UNKNOWN_DELEGATION = "unknown";

/**
 * Word-level differences between two texts of the same section, in text
 * order. Each insertion names the delegation that wrote its characters and
 * each deletion the delegation that deleted them, as the server recorded
 * (an insertion of several delegations' words is split at their boundary).
 */
export function diffAttributed(from: AttributedText, to: AttributedText, index: AuthorshipIndex): DiffOp[] {
  const ops: DiffOp[] = [];
  let fromPos = 0;
  let toPos = 0;
  for (const change of diffWordsWithSpace(from.text, to.text)) {
    const length = change.value.length;
    if (change.added) {
      const ids = to.ids.slice(toPos, toPos + length);
      const delegations = fillGaps(
        ids.map((id) => (id ? index.inserted(id) : null)),
        UNKNOWN_DELEGATION,
      );
      for (const run of runs(to.text, toPos, delegations)) push(ops, { op: "insert", ...run });
      toPos += length;
    } else if (change.removed) {
      const ids = from.ids.slice(fromPos, fromPos + length);
      // Text restored from an older version may never have been deleted: then
      // the one who removed it is unknown, and the one who wrote it is named.
      const delegations = fillGaps(
        ids.map((id) => (id ? (index.deleted(id) ?? index.inserted(id)) : null)),
        UNKNOWN_DELEGATION,
      );
      for (const run of runs(from.text, fromPos, delegations)) push(ops, { op: "delete", ...run });
      fromPos += length;
    } else {
      push(ops, { op: "equal", text: change.value });
      fromPos += length;
      toPos += length;
    }
  }
  return ops;
}

function push(ops: DiffOp[], op: DiffOp): void {
  const last = ops[ops.length - 1];
  if (last && last.op === op.op && (last.op === "equal" || (op.op !== "equal" && last.delegation === op.delegation))) {
    last.text += op.text;
    return;
  }
  ops.push(op);
}

/** Number of words in a text (for the counts of a comparison). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}
