import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { SectionStatus } from "../../shared/roles.ts";
import type { User, VersionCreated, VersionSummary } from "../../shared/types.ts";
import { DocumentLog } from "./DocumentLog.ts";
import { DraftStore } from "./DraftStore.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface StoredVersionSection {
  id: string;
  title: string;
  status: SectionStatus;
  penholders: string[];
  state: Uint8Array;
}

export interface StoredVersion extends VersionCreated {
  groupId: string;
  title: string;
  paragraphNumbers: boolean;
  sections: StoredVersionSection[];
}

interface VersionRow {
  id: string;
  draft_id: string;
  group_id: string;
  name: string;
  created_at: number;
  created_by: string;
  created_by_name: string;
  created_by_delegation: string;
  title: string;
  paragraph_numbers: number;
}

/**
 * Named versions of drafts. A version is written in one SQLite transaction
 * that also reads every section's log: since each update is in the log before
 * anyone sees it, the version is the whole draft at one instant. Triggers
 * refuse any later change.
 */
export class VersionStore {
  constructor(private readonly db: SqlExecutor) {}

  /** Returns null if the draft does not exist. */
  async create(draftId: string, name: string, by: User, now = Date.now()): Promise<VersionCreated | null> {
    const id = newId();
    const created = await this.db.transaction(async (tx) => {
      const draft = await new DraftStore(tx).get(draftId);
      if (!draft) return false;
      const documents = new DocumentLog(tx);
      await tx.run(
        `INSERT INTO versions (id, draft_id, name, created_at, created_by, created_by_name, created_by_delegation, title, paragraph_numbers)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, draftId, name, now, by.id, by.name, by.delegation, draft.title, draft.paragraphNumbers ? 1 : 0],
      );

      const states = await documents.statesAtOnce(draft.sections.map((section) => sectionDocumentName(section.id)));
      for (const [position, section] of draft.sections.entries()) {
        const state = states.get(sectionDocumentName(section.id)) ?? Y.encodeStateAsUpdate(new Y.Doc());
        await tx.run(
          `INSERT INTO version_sections (version_id, section_id, position, title, status, penholders, state)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [id, section.id, position, section.title, section.status, JSON.stringify(section.penholders), state],
        );
      }
      return true;
    });
    if (!created) return null;
    return {
      id,
      draftId,
      name,
      createdAt: now,
      createdBy: { userId: by.id, name: by.name, delegation: by.delegation },
    };
  }

  /** Newest first. */
  async list(draftId: string): Promise<VersionSummary[]> {
    const rows = (await this.db.all(
      `${SELECT_VERSION} WHERE v.draft_id = ? ORDER BY v.created_at DESC, ${this.db.dialect.insertionOrder("v")} DESC`,
      [draftId],
    )) as VersionRow[];
    return rows.map((row) => {
      const { draftId: _draftId, ...summary } = toCreated(row);
      return summary;
    });
  }

  /** The version's draft and group, without its contents (for access checks). */
  async locate(versionId: string): Promise<{ draftId: string; groupId: string } | null> {
    const row = (await this.db.get(
      "SELECT v.draft_id, d.group_id FROM versions v JOIN drafts d ON d.id = v.draft_id WHERE v.id = ?",
      [versionId],
    )) as { draft_id: string; group_id: string } | undefined;
    return row ? { draftId: row.draft_id, groupId: row.group_id } : null;
  }

  async get(versionId: string): Promise<StoredVersion | null> {
    const row = (await this.db.get(`${SELECT_VERSION} WHERE v.id = ?`, [versionId])) as VersionRow | undefined;
    if (!row) return null;
    const sections = (
      (await this.db.all(
        "SELECT section_id, title, status, penholders, state FROM version_sections WHERE version_id = ? ORDER BY position",
        [versionId],
      )) as {
        section_id: string;
        title: string;
        status: SectionStatus;
        penholders: string;
        state: Buffer;
      }[]
    ).map((section) => ({
      id: section.section_id,
      title: section.title,
      status: section.status,
      penholders: JSON.parse(section.penholders) as string[],
      state: new Uint8Array(section.state),
    }));
    return {
      ...toCreated(row),
      groupId: row.group_id,
      title: row.title,
      paragraphNumbers: row.paragraph_numbers !== 0,
      sections,
    };
  }
}

const SELECT_VERSION = `SELECT v.id, v.draft_id, d.group_id, v.name, v.created_at, v.created_by, v.created_by_name,
  v.created_by_delegation, v.title, v.paragraph_numbers FROM versions v JOIN drafts d ON d.id = v.draft_id`;

function toCreated(row: VersionRow): VersionCreated {
  return {
    id: row.id,
    draftId: row.draft_id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: { userId: row.created_by, name: row.created_by_name, delegation: row.created_by_delegation },
  };
}
