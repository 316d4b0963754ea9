import { DocumentKinds, documentNamePrefix } from "../../shared/documentNames.ts";
import type { PenSection as MembershipPenSection } from "../../shared/membershipChange.ts";
import { DISCUSSING_ROLES } from "../../shared/permissions.ts";
import type { SectionStatus } from "../../shared/roles.ts";
import type { DraftDetail, DraftSummary, MyWork, SectionMeta } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface SectionLocation {
  section: SectionMeta;
  draftId: string;
  groupId: string;
  /** Removed sections are kept for restoring, but nobody can open them. */
  removed: boolean;
}

export interface RemovedSection {
  id: string;
  title: string;
  removedAt: number;
  removedBy: string | null;
}

/** A section the user holds the pen for, as "my work" lists it. */
export type PenSection = MyWork["pen"][number];

/** A section in review waiting for the user's comments. */
export type ReviewSection = MyWork["awaitingComments"][number];

export interface SectionPatch {
  title?: string;
  status?: SectionStatus;
  penholders?: string[];
}

/**
 * Drafts and their sections. SQLite is the source of truth for section
 * metadata (it decides who may write); the `draft:` Yjs document is the live
 * projection the server writes from it after every change.
 */
export class DraftStore {
  constructor(private readonly db: SqlExecutor) {}

  async createDraft(
    groupId: string,
    title: string,
    firstSectionTitle: string,
  ): Promise<{ draftId: string; sectionId: string }> {
    const draftId = newId();
    const sectionId = newId();
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      await tx.run("INSERT INTO drafts (id, group_id, title, created_at) VALUES (?, ?, ?, ?)", [
        draftId,
        groupId,
        title,
        now,
      ]);
      await tx.run(
        "INSERT INTO sections (id, draft_id, position, title, status, created_at, updated_at) VALUES (?, ?, 0, ?, 'drafting', ?, ?)",
        [sectionId, draftId, firstSectionTitle, now, now],
      );
    });
    return { draftId, sectionId };
  }

  async listForGroup(groupId: string): Promise<DraftSummary[]> {
    return (await this.db.all("SELECT id, title FROM drafts WHERE group_id = ? ORDER BY created_at, title", [
      groupId,
    ])) as DraftSummary[];
  }

  async groupOf(draftId: string): Promise<string | null> {
    const row = (await this.db.get("SELECT group_id FROM drafts WHERE id = ?", [draftId])) as
      | { group_id: string }
      | undefined;
    return row?.group_id ?? null;
  }

  async get(draftId: string): Promise<DraftDetail | null> {
    const draft = (await this.db.get("SELECT id, group_id, title, paragraph_numbers FROM drafts WHERE id = ?", [
      draftId,
    ])) as { id: string; group_id: string; title: string; paragraph_numbers: number } | undefined;
    if (!draft) return null;
    const rows = (await this.db.all(
      "SELECT id, title, status FROM sections WHERE draft_id = ? AND removed_at IS NULL ORDER BY position",
      [draftId],
    )) as { id: string; title: string; status: SectionStatus }[];
    const holders = (await this.db.all(
      `SELECT p.section_id, p.user_id FROM section_penholders p JOIN sections s ON s.id = p.section_id
          WHERE s.draft_id = ? ORDER BY p.position`,
      [draftId],
    )) as { section_id: string; user_id: string }[];
    const bySection = new Map<string, string[]>();
    for (const holder of holders) {
      const list = bySection.get(holder.section_id) ?? [];
      list.push(holder.user_id);
      bySection.set(holder.section_id, list);
    }
    return {
      id: draft.id,
      groupId: draft.group_id,
      title: draft.title,
      paragraphNumbers: draft.paragraph_numbers !== 0,
      sections: rows.map((row) => ({ ...row, penholders: bySection.get(row.id) ?? [] })),
    };
  }

  async locateSection(sectionId: string): Promise<SectionLocation | null> {
    const row = (await this.db.get(
      `SELECT s.id, s.title, s.status, s.draft_id, s.removed_at, d.group_id
           FROM sections s JOIN drafts d ON d.id = s.draft_id WHERE s.id = ?`,
      [sectionId],
    )) as
      | {
          id: string;
          title: string;
          status: SectionStatus;
          draft_id: string;
          group_id: string;
          removed_at: number | null;
        }
      | undefined;
    if (!row) return null;
    const penholders = (
      (await this.db.all("SELECT user_id FROM section_penholders WHERE section_id = ? ORDER BY position", [
        sectionId,
      ])) as { user_id: string }[]
    ).map((holder) => holder.user_id);
    return {
      section: { id: row.id, title: row.title, status: row.status, penholders },
      draftId: row.draft_id,
      groupId: row.group_id,
      removed: row.removed_at !== null,
    };
  }

  /** Inserts a section after `afterSectionId` (or at the end). Returns null if that section is not in the draft. */
  async createSection(draftId: string, title: string, afterSectionId?: string): Promise<string | null> {
    const id = newId();
    const now = Date.now();
    return this.db.transaction(async (tx) => {
      let position: number;
      if (afterSectionId) {
        const after = (await tx.get(
          "SELECT position FROM sections WHERE id = ? AND draft_id = ? AND removed_at IS NULL",
          [afterSectionId, draftId],
        )) as { position: number } | undefined;
        if (!after) return null;
        position = after.position + 1;
        await tx.run("UPDATE sections SET position = position + 1 WHERE draft_id = ? AND position >= ?", [
          draftId,
          position,
        ]);
      } else {
        const last = (await tx.get("SELECT MAX(position) AS p FROM sections WHERE draft_id = ?", [draftId])) as {
          p: number | null;
        };
        position = (last.p ?? -1) + 1;
      }
      await tx.run(
        "INSERT INTO sections (id, draft_id, position, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'drafting', ?, ?)",
        [id, draftId, position, title, now, now],
      );
      return id;
    });
  }

  async updateSection(sectionId: string, patch: SectionPatch): Promise<void> {
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      if (patch.title !== undefined) {
        await tx.run("UPDATE sections SET title = ?, updated_at = ? WHERE id = ?", [patch.title, now, sectionId]);
      }
      if (patch.status !== undefined) {
        await tx.run("UPDATE sections SET status = ?, updated_at = ? WHERE id = ?", [patch.status, now, sectionId]);
      }
      if (patch.penholders !== undefined) {
        await tx.run("DELETE FROM section_penholders WHERE section_id = ?", [sectionId]);

        for (const [index, userId] of patch.penholders.entries())
          await tx.run("INSERT INTO section_penholders (section_id, user_id, position) VALUES (?, ?, ?)", [
            sectionId,
            userId,
            index,
          ]);
        await tx.run("UPDATE sections SET updated_at = ? WHERE id = ?", [now, sectionId]);
      }
    });
  }

  async removeSection(sectionId: string, userId: string, now = Date.now()): Promise<void> {
    await this.db.run("UPDATE sections SET removed_at = ?, removed_by = ?, updated_at = ? WHERE id = ?", [
      now,
      userId,
      now,
      sectionId,
    ]);
  }

  /** Puts a removed section back at the end of its draft. */
  async restoreSection(sectionId: string, draftId: string, now = Date.now()): Promise<void> {
    await this.db.transaction(async (tx) => {
      const last = (await tx.get("SELECT MAX(position) AS p FROM sections WHERE draft_id = ? AND removed_at IS NULL", [
        draftId,
      ])) as { p: number | null };
      await tx.run(
        "UPDATE sections SET removed_at = NULL, removed_by = NULL, position = ?, updated_at = ? WHERE id = ?",
        [(last.p ?? -1) + 1, now, sectionId],
      );
    });
  }

  async removedSections(draftId: string): Promise<RemovedSection[]> {
    return (await this.db.all(
      `SELECT id, title, removed_at AS "removedAt", removed_by AS "removedBy" FROM sections
          WHERE draft_id = ? AND removed_at IS NOT NULL ORDER BY removed_at DESC`,
      [draftId],
    )) as RemovedSection[];
  }

  async setTitle(draftId: string, title: string): Promise<void> {
    await this.db.run("UPDATE drafts SET title = ? WHERE id = ?", [title, draftId]);
  }

  async setParagraphNumbers(draftId: string, on: boolean): Promise<void> {
    await this.db.run("UPDATE drafts SET paragraph_numbers = ? WHERE id = ?", [on ? 1 : 0, draftId]);
  }

  /**
   * Brings a draft's title, section titles and order back to a version's: its
   * sections are put back (if removed) in its order, the sections added since
   * are removed (kept, restorable). Penholders and status stay as they are.
   */
  async restoreLayout(
    draftId: string,
    title: string,
    sections: readonly { id: string; title: string }[],
    userId: string,
    now = Date.now(),
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE drafts SET title = ? WHERE id = ?", [title, draftId]);
      const wanted = new Set(sections.map((section) => section.id));
      const live = (await tx.all("SELECT id FROM sections WHERE draft_id = ? AND removed_at IS NULL", [draftId])) as {
        id: string;
      }[];
      const inTransaction = new DraftStore(tx);
      for (const { id } of live) if (!wanted.has(id)) await inTransaction.removeSection(id, userId, now);

      for (const [index, section] of sections.entries())
        await tx.run(
          "UPDATE sections SET title = ?, position = ?, removed_at = NULL, removed_by = NULL, updated_at = ? WHERE id = ? AND draft_id = ?",
          [section.title, index, now, section.id, draftId],
        );
      // Sections removed before stay after the restored ones.
      const removed = (await tx.all(
        "SELECT id FROM sections WHERE draft_id = ? AND removed_at IS NOT NULL ORDER BY position",
        [draftId],
      )) as { id: string }[];

      for (const [index, { id }] of removed.entries())
        await tx.run("UPDATE sections SET position = ? WHERE id = ?", [sections.length + index, id]);
    });
  }

  /** Who removed a section, for naming the delegation in a comparison. */
  async removedBy(sectionId: string): Promise<string | null> {
    const row = (await this.db.get(
      "SELECT u.delegation FROM sections s JOIN users u ON u.id = s.removed_by WHERE s.id = ?",
      [sectionId],
    )) as { delegation: string } | undefined;
    return row?.delegation ?? null;
  }

  /** Sets the reading order; `sectionIds` must be exactly the draft's live sections. */
  async reorder(draftId: string, sectionIds: readonly string[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const live = (
        (await tx.all("SELECT id FROM sections WHERE draft_id = ? AND removed_at IS NULL", [draftId])) as {
          id: string;
        }[]
      ).map((row) => row.id);
      const wanted = new Set(sectionIds);
      if (wanted.size !== sectionIds.length || live.length !== sectionIds.length) return false;
      if (!live.every((id) => wanted.has(id))) return false;

      for (const [index, id] of sectionIds.entries()) {
        await tx.run("UPDATE sections SET position = ? WHERE id = ?", [index, id]);
      }
      return true;
    });
  }

  /** Removes a user from every penholder list in a group's drafts; returns the drafts touched. */
  async dropPenholder(groupId: string, userId: string): Promise<string[]> {
    const drafts = (
      (await this.db.all(
        `SELECT DISTINCT s.draft_id FROM section_penholders p
             JOIN sections s ON s.id = p.section_id JOIN drafts d ON d.id = s.draft_id
            WHERE d.group_id = ? AND p.user_id = ?`,
        [groupId, userId],
      )) as { draft_id: string }[]
    ).map((row) => row.draft_id);
    await this.db.run(
      `DELETE FROM section_penholders WHERE user_id = ? AND section_id IN (
           SELECT s.id FROM sections s JOIN drafts d ON d.id = s.draft_id WHERE d.group_id = ?)`,
      [userId, groupId],
    );
    return drafts;
  }

  /** Live sections the user holds the pen for, in groups they still belong to. */
  async penSections(userId: string): Promise<PenSection[]> {
    const prefix = documentNamePrefix(DocumentKinds.section);
    return (await this.db.all(
      `SELECT s.id AS "sectionId", s.title AS "sectionTitle", s.status, d.id AS "draftId", d.title AS "draftTitle",
                g.id AS "groupId", g.name AS "groupName",
                ${this.db.dialect.greatest(
                  "s.updated_at",
                  "COALESCE((SELECT MAX(u.created_at) FROM document_updates u WHERE u.document = CAST(? AS TEXT) || s.id), 0)",
                  "COALESCE((SELECT n.updated_at FROM document_snapshots n WHERE n.document = CAST(? AS TEXT) || s.id), 0)",
                )} AS "lastChangedAt"
           FROM section_penholders p
           JOIN sections s ON s.id = p.section_id
           JOIN drafts d ON d.id = s.draft_id
           JOIN working_groups g ON g.id = d.group_id
           JOIN memberships m ON m.group_id = g.id AND m.user_id = p.user_id
          WHERE p.user_id = ? AND s.removed_at IS NULL
          ORDER BY "lastChangedAt" DESC`,
      [prefix, prefix, userId],
    )) as PenSection[];
  }

  /** Sections in review, in groups where the user may comment, that they do not hold the pen for. */
  async sectionsAwaitingComments(userId: string): Promise<ReviewSection[]> {
    const discussing = DISCUSSING_ROLES.map(() => "?").join(", ");
    return (await this.db.all(
      `SELECT s.id AS "sectionId", s.title AS "sectionTitle", d.id AS "draftId", d.title AS "draftTitle",
                g.id AS "groupId", g.name AS "groupName"
           FROM sections s
           JOIN drafts d ON d.id = s.draft_id
           JOIN working_groups g ON g.id = d.group_id
           JOIN memberships m ON m.group_id = g.id AND m.user_id = ?
          WHERE s.status = 'review' AND s.removed_at IS NULL AND m.role IN (${discussing})
            AND NOT EXISTS (SELECT 1 FROM section_penholders p WHERE p.section_id = s.id AND p.user_id = m.user_id)
          ORDER BY d.title, s.position`,
      [userId, ...DISCUSSING_ROLES],
    )) as ReviewSection[];
  }

  /** Live sections of a group whose pen the user holds, numbered as people read them, in draft order. */
  async penSectionsInGroup(groupId: string, userId: string): Promise<MembershipPenSection[]> {
    return (await this.db.all(
      `SELECT n.id AS "sectionId", n.title AS "sectionTitle", n.number AS "sectionNumber", d.id AS "draftId", d.title AS "draftTitle"
           FROM (SELECT s.id, s.title, s.draft_id, s.position,
                        ROW_NUMBER() OVER (PARTITION BY s.draft_id ORDER BY s.position) AS number
                   FROM sections s WHERE s.removed_at IS NULL) n
           JOIN drafts d ON d.id = n.draft_id
           JOIN section_penholders p ON p.section_id = n.id
          WHERE d.group_id = ? AND p.user_id = ?
          ORDER BY d.created_at, d.title, n.position`,
      [groupId, userId],
    )) as MembershipPenSection[];
  }
}
