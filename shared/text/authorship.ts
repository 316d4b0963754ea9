import type { CharId } from "./attributedText.ts";

/**
 * What the server recorded when it made an update durable: which delegation
 * sent the characters a client wrote (`insert`) and which deleted them
 * (`delete`), as ranges of Yjs clocks.
 */
export interface AuthorshipRange {
  kind: "insert" | "delete";
  client: number;
  start: number;
  /** Exclusive. */
  end: number;
  delegation: string;
}

/** Who wrote or deleted a character; the first recorded range wins (a resent update changes nothing). */
export class AuthorshipIndex {
  private readonly inserts = new Map<number, AuthorshipRange[]>();
  private readonly deletes = new Map<number, AuthorshipRange[]>();

  /** `ranges` in the order they were recorded. */
  constructor(ranges: readonly AuthorshipRange[]) {
    for (const range of ranges) {
      const target = range.kind === "insert" ? this.inserts : this.deletes;
      const list = target.get(range.client) ?? [];
      list.push(range);
      target.set(range.client, list);
    }
  }

  inserted(id: CharId): string | null {
    return find(this.inserts.get(id.client), id.clock);
  }

  deleted(id: CharId): string | null {
    return find(this.deletes.get(id.client), id.clock);
  }
}

function find(ranges: readonly AuthorshipRange[] | undefined, clock: number): string | null {
  if (!ranges) return null;
  for (const range of ranges) {
    if (clock >= range.start && clock < range.end) return range.delegation;
  }
  return null;
}

export interface AuthorshipRun {
  text: string;
  delegation: string;
}

/** Consecutive characters written by the same delegation, covering the text in order. */
export function authorshipRuns(
  text: string,
  ids: readonly (CharId | null)[],
  index: AuthorshipIndex,
  unknown: string,
): AuthorshipRun[] {
  const delegations = fillGaps(
    ids.map((id) => (id ? index.inserted(id) : null)),
    unknown,
  );
  return runs(text, 0, delegations);
}

/** Characters with no recorded author take their neighbour's (a separator between two blocks). */
export function fillGaps(delegations: readonly (string | null)[], unknown: string): string[] {
  const out: string[] = [];
  let last: string | null = null;
  for (const delegation of delegations) {
    if (delegation !== null) last = delegation;
    out.push(delegation ?? "");
  }
  let next: string | null = null;
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "") next = out[i] ?? null;
    else out[i] = next ?? last ?? unknown;
  }
  return out;
}

export function runs(text: string, offset: number, delegations: readonly string[]): AuthorshipRun[] {
  const out: AuthorshipRun[] = [];
  for (let i = 0; i < delegations.length; i++) {
    const delegation = delegations[i] ?? "";
    const char = text[offset + i] ?? "";
    const last = out[out.length - 1];
    if (last && last.delegation === delegation) last.text += char;
    else out.push({ text: char, delegation });
  }
  return out;
}
