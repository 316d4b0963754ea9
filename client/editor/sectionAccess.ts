import type { SectionMeta } from "../../shared/types.ts";

/**
 * What the person can do with a section's text now, one value for the view:
 * - `opening`: the server has not answered yet (and no writable device copy stands in for it);
 * - `writable`: the server granted write access and the live draft agrees;
 * - `confirming`: the live draft gives the person the pen, the server has not granted it yet;
 * - `readOnly`: the live draft says the person may not write (no pen, agreed, frozen, observer);
 * - `refused`: the server refused the document.
 */
export type SectionAccess = "opening" | "writable" | "confirming" | "readOnly" | "refused";

export interface AccessSignals {
  /** The server's grant at the last authentication, or the device copy's until it answers. */
  scope: "read-write" | "readonly" | null;
  refused: boolean;
  /** The provider is open. */
  open: boolean;
  /** What the live draft document says (pens, status, role, silence): only ever takes write access away. */
  mayWrite: boolean;
}

/**
 * The server's scope decides; the live draft may only lock earlier, so an
 * agreed section or a removed pen locks at once, before the server's new
 * scope arrives.
 */
export function sectionAccess({ scope, refused, open, mayWrite }: AccessSignals): SectionAccess {
  if (refused) return "refused";
  if (!mayWrite) return "readOnly";
  if (!open || scope === null) return "opening";
  return scope === "read-write" ? "writable" : "confirming";
}

/**
 * Whether the change from `before` to `after` takes write access away: then
 * local edits the server will never accept are to be discarded, on the device
 * too, and the text re-read from the server.
 */
export function losesWriteAccess(before: SectionAccess, after: SectionAccess): boolean {
  if (after === "readOnly") return before !== "readOnly" && before !== "refused";
  return after === "confirming" && before === "writable";
}

/** The lock notice above a section's text, or null when there is nothing to say. */
export function sectionNotice(
  access: SectionAccess,
  section: Pick<SectionMeta, "status" | "penholders">,
  penholderDelegations: readonly string[],
  frozen: boolean,
): string | null {
  if (frozen) return "Frozen — the draft is under silence procedure";
  if (access === "refused") return "You do not have access to this section.";
  if (section.status === "agreed") return "Agreed — locked";
  if (access === "readOnly") {
    if (section.penholders.length === 0) return "No penholder assigned";
    const holders = penholderDelegations.length > 0 ? penholderDelegations.join(", ") : "another delegation";
    return `Pen held by ${holders}`;
  }
  if (access === "confirming") return "Read-only for now: confirming your pen with the server…";
  return null;
}
