import { sectionDocumentName } from "../../shared/documentNames.ts";
import { type AnchoredBracket, bracketsOpenAt } from "../../shared/export/circulatedBrackets.ts";
import type { ExportDocument } from "../../shared/export/exportModel.ts";
import { AuthorshipIndex } from "../../shared/text/authorship.ts";
import type { CompareInput } from "../../shared/text/compareSections.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import type { StoredVersion } from "../storage/VersionStore.ts";
import { readSectionState, type SectionText } from "./sectionState.ts";

export interface DraftText {
  title: string;
  paragraphNumbers: boolean;
  sections: ({ id: string; title: string } & SectionText)[];
}

/**
 * Reads a draft's text, live or as a version, for compare, export and
 * authorship. The live text is read from the durable log inside one SQLite
 * transaction, so every section is of the same instant.
 */
export class DraftTexts {
  /**
   * `stores` for single reads; `read` runs several reads as one transaction
   * (the unit of work's), so that they see one instant.
   */
  constructor(
    private readonly stores: Stores,
    private readonly read: <T>(work: (stores: Stores) => Promise<T>) => Promise<T>,
  ) {}

  /** The live text; `withBrackets` marks the brackets open now (for export). */
  async live(draftId: string, withBrackets = false): Promise<DraftText | null> {
    const read = await this.read(async (stores) => {
      const draft = await stores.drafts.get(draftId);
      if (!draft) return null;
      const states = [];
      for (const s of draft.sections)
        states.push({ ...s, state: await stores.documents.state(sectionDocumentName(s.id)) });
      return {
        title: draft.title,
        paragraphNumbers: draft.paragraphNumbers,
        states,
        brackets: withBrackets ? bracketsOpenAt(await stores.brackets.forDraft(draftId), null) : [],
      };
    });
    if (!read) return null;
    return {
      title: read.title,
      paragraphNumbers: read.paragraphNumbers,
      sections: read.states.map((s) => ({
        id: s.id,
        title: s.title,
        ...readSectionState(s.state, inSection(read.brackets, s.id)),
      })),
    };
  }

  /**
   * A version's text; `withBrackets` marks the brackets that were open when
   * the version was named, with the options they had then (for export).
   */
  async version(version: StoredVersion, withBrackets = false): Promise<DraftText> {
    const brackets = withBrackets
      ? bracketsOpenAt(await this.stores.brackets.forDraft(version.draftId), version.createdAt)
      : [];
    return {
      title: version.title,
      paragraphNumbers: version.paragraphNumbers,
      sections: version.sections.map((s) => ({
        id: s.id,
        title: s.title,
        ...readSectionState(s.state, inSection(brackets, s.id)),
      })),
    };
  }

  async authorship(sectionId: string): Promise<AuthorshipIndex> {
    return new AuthorshipIndex(await this.stores.documents.authorship(sectionDocumentName(sectionId)));
  }

  async forExport(groupId: string, text: DraftText, versionName: string | null, date: number): Promise<ExportDocument> {
    return {
      title: text.title,
      groupName: (await this.stores.groups.get(groupId))?.name ?? "",
      versionName,
      date,
      paragraphNumbers: text.paragraphNumbers,
      sections: text.sections.map((s, index) => ({ number: String(index + 1), title: s.title, content: s.content })),
    };
  }
}

function inSection(brackets: (AnchoredBracket & { sectionId: string })[], sectionId: string): AnchoredBracket[] {
  return brackets.filter((b) => b.sectionId === sectionId);
}

export function compareInputs(text: DraftText): CompareInput[] {
  return text.sections.map((s) => ({ id: s.id, title: s.title, text: s.text }));
}
