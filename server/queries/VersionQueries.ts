import { sectionDocumentName } from "../../shared/documentNames.ts";
import { renderHtml } from "../../shared/export/html.ts";
import { renderMarkdown } from "../../shared/export/markdown.ts";
import { Actions, can } from "../../shared/permissions.ts";
import type { ExportFormat } from "../../shared/schemas.ts";
import { AuthorshipIndex, authorshipRuns } from "../../shared/text/authorship.ts";
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
export type ReadTransaction = <T>(work: (stores: Stores) => Promise<T>) => Promise<T>;

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
  async list(user: User, draftId: string): Promise<VersionSummary[]> {
    await actorInDraft(this.stores, user, draftId);
    return await this.stores.versions.list(draftId);
  }

  async get(user: User, versionId: string): Promise<VersionDetail> {
    const version = await this.visibleVersion(user, versionId);
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
  async compare(
    user: User,
    input: { draftId: string; from: string; to: string },
  ): Promise<{ from: VersionRef; to: VersionRef } & Comparison> {
    const { draftId } = input;
    await actorInDraft(this.stores, user, draftId);
    const from = await this.versionOfDraft(input.from, draftId, "from must be a version of this draft.");
    let toText: DraftText;
    let to: VersionRef;
    if (input.to === "live") {
      const live = await this.texts.live(draftId);
      if (!live) throw CommandError.notFound("Draft");
      toText = live;
      to = { id: "live", name: "Live text", createdAt: Date.now() };
    } else {
      const version = await this.versionOfDraft(input.to, draftId, "to must be a version of this draft or live.");
      toText = await this.texts.version(version);
      to = refOf(version);
    }
    const fromInputs = compareInputs(await this.texts.version(from));
    const toInputs = compareInputs(toText);
    // The comparison reads these synchronously: fetched first, for every section on either side.
    const sectionIds = [...new Set([...fromInputs, ...toInputs].map((section) => section.id))];
    const authorships = new Map<string, AuthorshipIndex>();
    const removers = new Map<string, string | null>();
    for (const id of sectionIds) {
      authorships.set(id, await this.texts.authorship(id));
      removers.set(id, await this.stores.drafts.removedBy(id));
    }
    const comparison = compareSections(fromInputs, toInputs, {
      authorship: (sectionId) => authorships.get(sectionId) ?? new AuthorshipIndex([]),
      sectionChangedBy: (sectionId) => removers.get(sectionId) ?? null,
    });
    return { from: refOf(from), to, ...comparison };
  }

  /** Who wrote each run of a live section's text, as the server recorded it. */
  async authorship(user: User, sectionId: string): Promise<AuthorshipResponse> {
    const located = await this.stores.drafts.locateSection(sectionId);
    const actor = located ? await actorIn(this.stores, user, located.groupId) : null;
    if (!located || located.removed || !actor || !can(actor, Actions.readSection)) {
      throw CommandError.notFound("Section");
    }
    const { text } = readSectionState(await this.stores.documents.state(sectionDocumentName(sectionId)));
    return { runs: authorshipRuns(text.text, text.ids, await this.texts.authorship(sectionId), UNKNOWN_DELEGATION) };
  }

  /** The live draft, or one of its versions, as a file. */
  async export(
    user: User,
    input: { draftId: string; format: ExportFormat; versionId?: string | undefined },
  ): Promise<ExportedFile> {
    const { draftId, format } = input;
    const { groupId } = await actorInDraft(this.stores, user, draftId);
    let document: Awaited<ReturnType<DraftTexts["forExport"]>>;
    if (input.versionId) {
      const version = await this.versionOfDraft(input.versionId, draftId, "version must be a version of this draft.");
      document = await this.texts.forExport(
        groupId,
        await this.texts.version(version, true),
        version.name,
        version.createdAt,
      );
    } else {
      const live = await this.texts.live(draftId, true);
      if (!live) throw CommandError.notFound("Draft");
      document = await this.texts.forExport(groupId, live, null, Date.now());
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
  private async visibleVersion(user: User, versionId: string): Promise<StoredVersion> {
    const located = await this.stores.versions.locate(versionId);
    const actor = located ? await actorIn(this.stores, user, located.groupId) : null;
    const version =
      located && actor && can(actor, Actions.viewDraft) ? await this.stores.versions.get(versionId) : null;
    if (!version) throw CommandError.notFound("Version");
    return version;
  }

  private async versionOfDraft(versionId: string, draftId: string, refusal: string): Promise<StoredVersion> {
    const version = await this.stores.versions.get(versionId);
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
