import { sectionDocumentName } from "../../shared/documentNames.ts";
import { renderHtml } from "../../shared/export/html.ts";
import { renderMarkdown } from "../../shared/export/markdown.ts";
import { Actions, can } from "../../shared/permissions.ts";
import type { ExportFormat } from "../../shared/schemas.ts";
import { authorshipRuns } from "../../shared/text/authorship.ts";
import { type Comparison, compareSections } from "../../shared/text/compareSections.ts";
import { UNKNOWN_DELEGATION } from "../../shared/text/wordDiff.ts";
import type { AuthorshipResponse, User, VersionDetail, VersionSummary } from "../../shared/types.ts";
import { actorIn, actorInDraft } from "../commands/access.ts";
import { CommandError } from "../commands/CommandError.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import type { StoredVersion } from "../storage/VersionStore.ts";
import { compareInputs, type DraftText, DraftTexts } from "../versions/DraftTexts.ts";
import { readSectionState } from "../versions/sectionState.ts";

/** Runs reads as one transaction, so that they see one instant. */
export type ReadTransaction = <T>(work: (stores: Stores) => T) => T;

/** A file to download. */
export interface ExportedFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

type VersionRef = { id: string; name: string; createdAt: number };

/** Versions, compare, who wrote what and export: for anyone in the draft's group, observers included. */
export class VersionQueries {
  private readonly texts: DraftTexts;

  constructor(
    private readonly stores: Stores,
    read: ReadTransaction,
  ) {
    this.texts = new DraftTexts(stores, read);
  }

  /** Newest first. */
  list(user: User, draftId: string): VersionSummary[] {
    actorInDraft(this.stores, user, draftId);
    return this.stores.versions.list(draftId);
  }

  get(user: User, versionId: string): VersionDetail {
    const version = this.visibleVersion(user, versionId);
    return {
      id: version.id,
      draftId: version.draftId,
      name: version.name,
      createdAt: version.createdAt,
      createdBy: version.createdBy,
      title: version.title,
      paragraphNumbers: version.paragraphNumbers,
      sections: version.sections.map((section, index) => {
        const { content, text } = readSectionState(section.state);
        return {
          id: section.id,
          number: String(index + 1),
          title: section.title,
          status: section.status,
          penholders: section.penholders,
          text: text.text,
          content,
        };
      }),
    };
  }

  /** `from` a version, `to` another version of the same draft or "live". */
  compare(
    user: User,
    input: { draftId: string; from: string; to: string },
  ): { from: VersionRef; to: VersionRef } & Comparison {
    const { draftId } = input;
    actorInDraft(this.stores, user, draftId);
    const from = this.versionOfDraft(input.from, draftId, "from must be a version of this draft.");
    let toText: DraftText;
    let to: VersionRef;
    if (input.to === "live") {
      const live = this.texts.live(draftId);
      if (!live) throw CommandError.notFound("Draft");
      toText = live;
      to = { id: "live", name: "Live text", createdAt: Date.now() };
    } else {
      const version = this.versionOfDraft(input.to, draftId, "to must be a version of this draft or live.");
      toText = this.texts.version(version);
      to = refOf(version);
    }
    const comparison = compareSections(compareInputs(this.texts.version(from)), compareInputs(toText), {
      authorship: (sectionId) => this.texts.authorship(sectionId),
      sectionChangedBy: (sectionId) => this.stores.drafts.removedBy(sectionId),
    });
    return { from: refOf(from), to, ...comparison };
  }

  /** Who wrote each run of a live section's text, as the server recorded it. */
  authorship(user: User, sectionId: string): AuthorshipResponse {
    const located = this.stores.drafts.locateSection(sectionId);
    const actor = located ? actorIn(this.stores, user, located.groupId) : null;
    if (!located || located.removed || !actor || !can(actor, Actions.readSection)) {
      throw CommandError.notFound("Section");
    }
    const { text } = readSectionState(this.stores.documents.state(sectionDocumentName(sectionId)));
    return { runs: authorshipRuns(text.text, text.ids, this.texts.authorship(sectionId), UNKNOWN_DELEGATION) };
  }

  /** The live draft, or one of its versions, as a file. */
  async export(
    user: User,
    input: { draftId: string; format: ExportFormat; versionId?: string | undefined },
  ): Promise<ExportedFile> {
    const { draftId, format } = input;
    const { groupId } = actorInDraft(this.stores, user, draftId);
    let document: ReturnType<DraftTexts["forExport"]>;
    if (input.versionId) {
      const version = this.versionOfDraft(input.versionId, draftId, "version must be a version of this draft.");
      document = this.texts.forExport(groupId, this.texts.version(version, true), version.name, version.createdAt);
    } else {
      const live = this.texts.live(draftId, true);
      if (!live) throw CommandError.notFound("Draft");
      document = this.texts.forExport(groupId, live, null, Date.now());
    }
    const bytes =
      format === "docx"
        ? // Word's libraries load on first use: they would slow every start for a rare request.
          await (await import("../export/docx.ts")).renderDocx(document)
        : new TextEncoder().encode(format === "md" ? renderMarkdown(document) : renderHtml(document));
    return {
      bytes,
      contentType: EXPORT_CONTENT_TYPES[format],
      fileName: `${fileName(document.title, document.versionName)}.${format}`,
    };
  }

  /** A version the user may see; 404 otherwise, as if it did not exist. */
  private visibleVersion(user: User, versionId: string): StoredVersion {
    const located = this.stores.versions.locate(versionId);
    const actor = located ? actorIn(this.stores, user, located.groupId) : null;
    const version = located && actor && can(actor, Actions.viewDraft) ? this.stores.versions.get(versionId) : null;
    if (!version) throw CommandError.notFound("Version");
    return version;
  }

  private versionOfDraft(versionId: string, draftId: string, refusal: string): StoredVersion {
    const version = this.stores.versions.get(versionId);
    if (!version || version.draftId !== draftId) throw CommandError.invalid(refusal);
    return version;
  }
}

function refOf(version: StoredVersion): VersionRef {
  return { id: version.id, name: version.name, createdAt: version.createdAt };
}

function fileName(title: string, versionName: string | null): string {
  const base = [title, versionName].filter((part) => part).join(" - ");
  return (
    base
      .replace(/[/\\?%*:|"<>\n\r\t]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120) || "draft"
  );
}
