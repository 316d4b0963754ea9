import * as Y from "yjs";
import {
  type Anchor,
  decodeRelativePosition,
  type ResolvedAnchor,
  replaceAnchoredText,
  resolveAnchor,
} from "./discussionAnchors.ts";

/**
 * What accepting a proposal would do to the section as it is now.
 *
 * - `intact`: the anchor's first and last characters are still there, so the
 *   anchored range is exactly the words between them (edits inside included).
 *   Replacing that range can only put the replacement where those words are.
 * - `rewritten`: the first or last anchored character was deleted. Yjs keeps
 *   the anchor on the deleted character, so the range now ends (or starts)
 *   somewhere inside words typed over it: "common principles" retyped as
 *   "core principles" leaves an anchor on just "c", and replacing "c" would
 *   give "shared principlesore principles". There is no range that is
 *   certainly "the same words", so accepting is refused, whatever the caller
 *   confirms.
 * - `detached`: nothing of the anchored text is left.
 */
export type ProposalTarget =
  | { kind: "intact"; resolved: ResolvedAnchor; currentText: string }
  | { kind: "rewritten"; currentText: string }
  | { kind: "detached" };

export function proposalTarget(sectionDoc: Y.Doc, anchor: Anchor): ProposalTarget {
  const resolved = resolveAnchor(sectionDoc, anchor);
  if (!resolved) return { kind: "detached" };
  if (endIsDeleted(sectionDoc, anchor.start) || endIsDeleted(sectionDoc, anchor.end)) {
    return { kind: "rewritten", currentText: resolved.currentText };
  }
  return { kind: "intact", resolved, currentText: resolved.currentText };
}

export interface ProposalToApply {
  anchor: Anchor;
  /** The anchored text when the proposal was made. */
  quote: string;
  replacement: string;
}

export interface AcceptOptions {
  /** The person saw that the text changed and accepts anyway. */
  confirm: boolean;
  /**
   * With `confirm`: the text the person was shown as what will be replaced.
   * If the text changed again since, accepting asks again rather than replace
   * words nobody saw.
   */
  expectedCurrent?: string | undefined;
}

export type AcceptResult =
  | { kind: "accepted"; replaced: string }
  | { kind: "outdated"; current: string }
  | { kind: "rewritten"; current: string }
  | { kind: "detached" };

/**
 * Applies the proposal to the section when that replaces exactly the anchored
 * words, in one Yjs transaction on `sectionDoc` (run it inside the caller's
 * transaction to make it atomic with other writes). Anything else changes
 * nothing and says why.
 */
export function acceptProposal(sectionDoc: Y.Doc, proposal: ProposalToApply, options: AcceptOptions): AcceptResult {
  const plan = planAcceptance(sectionDoc, proposal, options);
  if (plan.kind !== "apply") return plan;
  sectionDoc.transact(() => replaceAnchoredText(plan.resolved, proposal.replacement));
  return { kind: "accepted", replaced: plan.replaced };
}

/** What accepting would do, decided without writing: apply (replacing `replaced`), or why not. */
export type AcceptancePlan =
  | { kind: "apply"; resolved: ResolvedAnchor; replaced: string }
  | Exclude<AcceptResult, { kind: "accepted" }>;

/**
 * Decides acceptance without touching the document, so a caller can commit
 * its own records first and then apply the plan with `replaceAnchoredText`.
 */
export function planAcceptance(sectionDoc: Y.Doc, proposal: ProposalToApply, options: AcceptOptions): AcceptancePlan {
  const target = proposalTarget(sectionDoc, proposal.anchor);
  if (target.kind === "detached") return { kind: "detached" };
  if (target.kind === "rewritten") return { kind: "rewritten", current: target.currentText };
  const changed = target.currentText !== proposal.quote;
  if (changed && !options.confirm) return { kind: "outdated", current: target.currentText };
  if (changed && options.expectedCurrent !== undefined && options.expectedCurrent !== target.currentText) {
    return { kind: "outdated", current: target.currentText };
  }
  return { kind: "apply", resolved: target.resolved, replaced: target.currentText };
}

/**
 * Whether one end of an anchor names a character that has been deleted. An
 * end that names no character (the very start of a text run) is never
 * deleted; one that no longer resolves at all makes the anchor detached.
 */
function endIsDeleted(sectionDoc: Y.Doc, encoded: string): boolean {
  const position = decodeRelativePosition(encoded);
  if (!position?.item) return false;
  const { client, clock } = position.item;
  const structs = sectionDoc.store.clients.get(client);
  const last = structs?.[structs.length - 1];
  if (!structs || !last || clock >= last.id.clock + last.length) return false;
  const item = structs[Y.findIndexSS(structs, clock)];
  return item instanceof Y.Item ? item.deleted : true;
}
