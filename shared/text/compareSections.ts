import type { AttributedText } from "./attributedText.ts";
import type { AuthorshipIndex } from "./authorship.ts";
import { type DiffOp, diffAttributed, UNKNOWN_DELEGATION, wordCount } from "./wordDiff.ts";

export interface CompareInput {
  id: string;
  title: string;
  text: AttributedText;
}

export type SectionChange = "added" | "removed" | "changed" | "unchanged";

export interface SectionComparison {
  id: string;
  title: string;
  change: SectionChange;
  ops: DiffOp[];
  /** Number in the newer text ("2"), or in the older one for a removed section. */
  number: string;
  /** Title in the older text, when the section was renamed. */
  renamedFrom?: string;
  /** Set when the section changed place relative to the others (not merely shifted by an insertion). */
  moved?: { from: string; to: string };
  inserted: number;
  deleted: number;
}

export interface ComparisonCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  renamed: number;
  moved: number;
  /** Words inserted and deleted across every section. */
  insertedWords: number;
  deletedWords: number;
}

export interface Comparison {
  sections: SectionComparison[];
  counts: ComparisonCounts;
}

export interface CompareContext {
  /** Who wrote or deleted each character of a section's document. */
  authorship(sectionId: string): AuthorshipIndex;
  /** The delegation that added or removed a whole section (the lead who did), if known. */
  sectionChangedBy(sectionId: string, change: "added" | "removed"): string | null;
}

/**
 * Compares two states of a draft: sections matched by id, in the newer
 * order, a removed section shown where it stood.
 */
export function compareSections(
  from: readonly CompareInput[],
  to: readonly CompareInput[],
  context: CompareContext,
): Comparison {
  const fromIndex = new Map(from.map((section, index) => [section.id, index]));
  const toIds = new Set(to.map((section) => section.id));
  const stayed = longestCommonOrder(
    from.filter((s) => toIds.has(s.id)).map((s) => s.id),
    to.filter((s) => fromIndex.has(s.id)).map((s) => s.id),
  );

  const compared = new Map<string, SectionComparison>();
  for (const [index, section] of to.entries()) {
    const before = fromIndex.get(section.id);
    const old = before === undefined ? undefined : from[before];
    const number = String(index + 1);
    if (!old) {
      const ops = section.text.text
        ? diffAttributed({ text: "", ids: [] }, section.text, context.authorship(section.id))
        : [];
      compared.set(section.id, result(section, "added", ops, number));
      continue;
    }
    const ops = diffAttributed(old.text, section.text, context.authorship(section.id));
    const changed = ops.some((op) => op.op !== "equal");
    const entry = result(section, changed ? "changed" : "unchanged", ops, number);
    if (old.title !== section.title) entry.renamedFrom = old.title;
    if (!stayed.has(section.id) && before !== undefined) entry.moved = { from: String(before + 1), to: number };
    compared.set(section.id, entry);
  }

  // Removed sections go after the nearest earlier section that is still there.
  const ordered: SectionComparison[] = [];
  const removedAfter = new Map<string | null, SectionComparison[]>();
  let previous: string | null = null;
  for (const [index, section] of from.entries()) {
    if (toIds.has(section.id)) {
      previous = section.id;
      continue;
    }
    const by = context.sectionChangedBy(section.id, "removed") ?? UNKNOWN_DELEGATION;
    const ops: DiffOp[] = section.text.text ? [{ op: "delete", text: section.text.text, delegation: by }] : [];
    const list = removedAfter.get(previous) ?? [];
    list.push(result(section, "removed", ops, String(index + 1)));
    removedAfter.set(previous, list);
  }
  ordered.push(...(removedAfter.get(null) ?? []));
  for (const section of to) {
    const entry = compared.get(section.id);
    if (entry) ordered.push(entry);
    ordered.push(...(removedAfter.get(section.id) ?? []));
  }

  const counts: ComparisonCounts = {
    added: 0,
    removed: 0,
    changed: 0,
    unchanged: 0,
    renamed: 0,
    moved: 0,
    insertedWords: 0,
    deletedWords: 0,
  };
  for (const entry of ordered) {
    counts[entry.change] += 1;
    if (entry.renamedFrom !== undefined) counts.renamed += 1;
    if (entry.moved) counts.moved += 1;
    counts.insertedWords += entry.inserted;
    counts.deletedWords += entry.deleted;
  }
  return { sections: ordered, counts };
}

function result(section: CompareInput, change: SectionChange, ops: DiffOp[], number: string): SectionComparison {
  let inserted = 0;
  let deleted = 0;
  for (const op of ops) {
    if (op.op === "insert") inserted += wordCount(op.text);
    if (op.op === "delete") deleted += wordCount(op.text);
  }
  return { id: section.id, title: section.title, change, ops, number, inserted, deleted };
}

/** The ids kept in the same relative order (a longest common subsequence); the others moved. */
function longestCommonOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Array<number>(rows * cols).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      kept.add(a[i] as string);
      i++;
      j++;
    } else if ((table[(i + 1) * cols + j] ?? 0) > (table[i * cols + j + 1] ?? 0)) i++;
    else j++;
  }
  return kept;
}
