import { z } from "zod";

/**
 * The one validator for text that names something people rely on: titles of
 * groups, drafts and sections, people's names, delegation names. Such text is
 * shown beside authorship and must read the same for everyone, so it refuses
 * what can disguise it: control characters (a NUL, a newline), bidi
 * embeddings, overrides and isolates (which reorder what follows), and text
 * made only of invisible characters.
 */
export const TextLimits = {
  title: 200,
  personName: 100,
  delegationName: 120,
} as const;

// C0 and C1 controls and DEL (the Unicode category Cc).
const CONTROL = /\p{Cc}/u;
// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. Marks (LRM, RLM) stay allowed:
// names in Arabic or Hebrew beside Latin text may need them.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
// Something a reader can see: a letter, digit, punctuation or symbol.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Why `value` (already normalised) cannot be used, or null if it can. */
export function displayTextProblem(value: string, max: number): string | null {
  if (value.length === 0) return "must not be empty";
  if ([...value].length > max) return `must be at most ${max} characters`;
  if (CONTROL.test(value)) return "must not contain control characters such as line breaks";
  if (BIDI_CONTROL.test(value)) return "must not contain text-direction override characters";
  if (!VISIBLE.test(value)) return "must contain visible characters";
  return null;
}

/** Unicode NFC, trimmed, with runs of spaces made one: "Ghana  point" and "Ghana point" are one name. */
export function normalizeDisplayText(value: string): string {
  return value
    .normalize("NFC")
    .trim()
    .replace(/[ \u00a0\u3000]+/gu, " ");
}

/** A zod schema for display text of at most `max` characters, normalised. */
export function displayText(max: number) {
  return z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform(normalizeDisplayText)
    .superRefine((value, context) => {
      const problem = displayTextProblem(value, max);
      if (problem) context.addIssue({ code: "custom", message: problem });
    });
}

/** The key two names are compared by: case and spacing do not make a different person. */
export function nameKey(value: string): string {
  return normalizeDisplayText(value).normalize("NFKC").toLocaleLowerCase("en");
}
