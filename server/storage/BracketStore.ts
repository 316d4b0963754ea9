import type { Anchor } from "../../shared/discussionAnchors.ts";
import type { Bracket, BracketOption, NegotiationPerson, Stance } from "../../shared/negotiation.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface NewBracket {
  id: string;
  draftId: string;
  sectionId: string;
  anchor: Anchor;
  quote: string;
  by: { userId: string; delegation: string };
  /** The wordings in order: the current one first, then the alternatives. */
  options: { id: string; text: string }[];
}

interface BracketRow {
  id: string;
  draft_id: string;
  section_id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  status: "open" | "resolved";
  created_by: string;
  created_by_name: string;
  created_by_delegation: string;
  created_at: number;
  outcome: "chosen" | "withdrawn" | null;
  chosen_option_id: string | null;
  resolved_text: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_by_delegation: string | null;
  resolved_at: number | null;
}

interface OptionRow {
  id: string;
  bracket_id: string;
  text: string;
  delegation: string;
  created_by: string;
  created_by_name: string;
  created_at: number;
}

const BRACKET_SELECT = `
  SELECT b.*, cu.name AS created_by_name, ru.name AS resolved_by_name
  FROM brackets b
  JOIN users cu ON cu.id = b.created_by
  LEFT JOIN users ru ON ru.id = b.resolved_by`;

/**
 * Brackets, their options and each delegation's stances. SQLite is the record;
 * the server projects it into the `draft:` document for live display. Callers
 * run writes inside their command's transaction.
 */
export class BracketStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(bracket: NewBracket, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO brackets (id, draft_id, section_id, anchor_start, anchor_end, quote, status, created_by, created_by_delegation, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      [
        bracket.id,
        bracket.draftId,
        bracket.sectionId,
        bracket.anchor.start,
        bracket.anchor.end,
        bracket.quote,
        bracket.by.userId,
        bracket.by.delegation,
        now,
      ],
    );
    for (const option of bracket.options) await this.addOption(bracket.id, { ...option, by: bracket.by }, now);
  }

  async addOption(
    bracketId: string,
    option: { id: string; text: string; by: { userId: string; delegation: string } },
    now: number,
  ): Promise<void> {
    const row = (await this.db.get(
      "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM bracket_options WHERE bracket_id = ?",
      [bracketId],
    )) as { next: number };
    await this.db.run(
      "INSERT INTO bracket_options (id, bracket_id, position, text, delegation, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [option.id, bracketId, row.next, option.text, option.by.delegation, option.by.userId, now],
    );
  }

  /** Records (or replaces, or with "none" clears) a delegation's stance on an option. */
  async setStance(optionId: string, delegation: string, stance: Stance, userId: string, now: number): Promise<void> {
    if (stance === "none") {
      await this.db.run("DELETE FROM bracket_stances WHERE option_id = ? AND delegation = ?", [optionId, delegation]);
      return;
    }
    await this.db.run(
      `INSERT INTO bracket_stances (option_id, delegation, stance, user_id, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (option_id, delegation) DO UPDATE SET stance = excluded.stance, user_id = excluded.user_id, at = excluded.at`,
      [optionId, delegation, stance, userId, now],
    );
  }

  /** Closes an open bracket; false if it was not open (someone else closed it first). */
  async resolve(
    bracketId: string,
    resolution: {
      outcome: "chosen" | "withdrawn";
      optionId: string | null;
      text: string;
      by: { userId: string; delegation: string };
    },
    now: number,
  ): Promise<boolean> {
    const result = await this.db.run(
      `UPDATE brackets SET status = 'resolved', outcome = ?, chosen_option_id = ?, resolved_text = ?, resolved_by = ?, resolved_by_delegation = ?, resolved_at = ?
         WHERE id = ? AND status = 'open'`,
      [
        resolution.outcome,
        resolution.optionId,
        resolution.text,
        resolution.by.userId,
        resolution.by.delegation,
        now,
        bracketId,
      ],
    );
    return result.changes === 1;
  }

  async get(bracketId: string): Promise<Bracket | null> {
    const row = (await this.db.get(`${BRACKET_SELECT} WHERE b.id = ?`, [bracketId])) as BracketRow | undefined;
    return row ? ((await this.withOptions([row]))[0] ?? null) : null;
  }

  /** The draft's brackets, open and resolved, oldest first. */
  async forDraft(draftId: string): Promise<Bracket[]> {
    const rows = (await this.db.all(`${BRACKET_SELECT} WHERE b.draft_id = ? ORDER BY b.created_at, b.id`, [
      draftId,
    ])) as BracketRow[];
    return this.withOptions(rows);
  }

  /** The open brackets of a section (for progress and for refusing to agree it). */
  async openInSection(sectionId: string): Promise<Bracket[]> {
    const rows = (await this.db.all(
      `${BRACKET_SELECT} WHERE b.section_id = ? AND b.status = 'open' ORDER BY b.created_at, b.id`,
      [sectionId],
    )) as BracketRow[];
    return this.withOptions(rows);
  }

  /** Open brackets of the draft's live sections. */
  async openInDraft(draftId: string): Promise<Bracket[]> {
    const rows = (await this.db.all(
      `${BRACKET_SELECT} JOIN sections s ON s.id = b.section_id
         WHERE b.draft_id = ? AND b.status = 'open' AND s.removed_at IS NULL ORDER BY b.created_at, b.id`,
      [draftId],
    )) as BracketRow[];
    return this.withOptions(rows);
  }

  private async withOptions(rows: BracketRow[]): Promise<Bracket[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const placeholders = ids.map(() => "?").join(", ");
    const options = (await this.db.all(
      `SELECT o.id, o.bracket_id, o.text, o.delegation, o.created_by, u.name AS created_by_name, o.created_at
         FROM bracket_options o JOIN users u ON u.id = o.created_by
         WHERE o.bracket_id IN (${placeholders}) ORDER BY o.bracket_id, o.position`,
      ids,
    )) as OptionRow[];
    const stances = (await this.db.all(
      `SELECT s.option_id, s.delegation, s.stance FROM bracket_stances s
         JOIN bracket_options o ON o.id = s.option_id
         WHERE o.bracket_id IN (${placeholders}) ORDER BY s.at, s.delegation`,
      ids,
    )) as { option_id: string; delegation: string; stance: "support" | "object" }[];
    const byOption = new Map<string, BracketOption>();
    const byBracket = new Map<string, BracketOption[]>();
    for (const row of options) {
      const option: BracketOption = {
        id: row.id,
        text: row.text,
        delegation: row.delegation,
        supporters: [],
        objectors: [],
        proposedBy: { userId: row.created_by, name: row.created_by_name, delegation: row.delegation },
        createdAt: row.created_at,
      };
      byOption.set(row.id, option);
      const list = byBracket.get(row.bracket_id) ?? [];
      list.push(option);
      byBracket.set(row.bracket_id, list);
    }
    for (const stance of stances) {
      const option = byOption.get(stance.option_id);
      if (!option) continue;
      (stance.stance === "support" ? option.supporters : option.objectors).push(stance.delegation);
    }
    return rows.map((row) => ({
      id: row.id,
      draftId: row.draft_id,
      sectionId: row.section_id,
      anchor: { start: row.anchor_start, end: row.anchor_end },
      quote: row.quote,
      status: row.status,
      options: byBracket.get(row.id) ?? [],
      createdBy: { userId: row.created_by, name: row.created_by_name, delegation: row.created_by_delegation },
      createdAt: row.created_at,
      resolution:
        row.status === "resolved" && row.resolved_by !== null && row.resolved_at !== null
          ? {
              by: person(row.resolved_by, row.resolved_by_name, row.resolved_by_delegation),
              at: row.resolved_at,
              outcome: row.outcome ?? "withdrawn",
              optionId: row.chosen_option_id,
              text: row.resolved_text ?? "",
            }
          : null,
    }));
  }
}

function person(userId: string, name: string | null, delegation: string | null): NegotiationPerson {
  return { userId, name: name ?? "", delegation: delegation ?? "" };
}
