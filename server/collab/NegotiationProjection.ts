import type { afterLoadDocumentPayload, Document, Extension, Hocuspocus, onChangePayload } from "@hocuspocus/server";
import type * as Y from "yjs";
import { draftProgressOf, sectionProgress } from "../../shared/cleanShare.ts";
import { draftDocumentName, parseDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import type { DraftProgress, SectionProgress } from "../../shared/negotiation.ts";
import {
  NegotiationFields,
  writeBrackets,
  writeSectionProgress,
  writeSilence,
} from "../../shared/negotiationDocument.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

type DraftStore = Stores["drafts"];
type BracketStore = Stores["brackets"];
type SilenceStore = Stores["silences"];

/**
 * Typing produces many updates a second; the figures follow at most this often
 * per section. Each measurement is written into the draft document and sent to
 * everyone on the draft page: at 300 ms it was a third of the frames Plenary
 * sent per keystroke delivered and an eighth of its CPU while people typed.
 * Bracket commands still measure at once.
 */
const PROGRESS_DELAY_MS = 2_000;

const READER_CONTEXT = { server: "negotiation" } as const;

/**
 * Keeps the negotiation part of each `draft:` document (brackets, the latest
 * silence procedure, each section's progress) equal to SQLite and to the
 * section texts, so every page of the draft shows them live. Like the draft
 * projection, it is written only here: on load, after every command that
 * changes a bracket or a procedure, and shortly after a section's text changes.
 */
export class NegotiationProjection implements Extension {
  extensionName = "NegotiationProjection";
  private hocuspocus: Hocuspocus | null = null;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly drafts: DraftStore,
    private readonly brackets: BracketStore,
    private readonly silences: SilenceStore,
    private readonly logger: Logger,
  ) {}

  attach(hocuspocus: Hocuspocus): void {
    this.hocuspocus = hocuspocus;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const ref = parseDocumentName(documentName);
    if (ref?.kind !== "draft") return;
    writeBrackets(document, await this.brackets.forDraft(ref.id));
    writeSilence(document, await this.silences.latest(ref.id));
    // Measuring may load section documents: not inside this document's load.
    setImmediate(() => {
      if (this.stopped) return;
      this.measureDraft(ref.id).catch((error: unknown) =>
        this.logger.warn("could not measure the draft's progress", { draftId: ref.id, error: String(error) }),
      );
    });
  }

  async onChange({ documentName }: onChangePayload): Promise<void> {
    const ref = parseDocumentName(documentName);
    if (ref?.kind === "section") this.sectionTextChanged(ref.id);
  }

  async onDestroy(): Promise<void> {
    this.stop();
  }

  /** No more measuring: the server is closing (and its database with it). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** A bracket of the draft was created, changed or resolved. */
  async bracketsChanged(draftId: string, sectionId: string): Promise<void> {
    const document = this.loadedDraft(draftId);
    if (document)
      await this.safely(draftId, async () => writeBrackets(document, await this.brackets.forDraft(draftId)));
    this.sectionTextChanged(sectionId, 0);
  }

  /** A silence procedure of the draft started or ended. */
  async silenceChanged(draftId: string): Promise<void> {
    const document = this.loadedDraft(draftId);
    if (document) await this.safely(draftId, async () => writeSilence(document, await this.silences.latest(draftId)));
  }

  /** Everything of the draft read again (another server may have changed it unannounced). */
  async refresh(draftId: string): Promise<void> {
    const document = this.loadedDraft(draftId);
    if (!document) return;
    await this.safely(draftId, async () => {
      writeBrackets(document, await this.brackets.forDraft(draftId));
      writeSilence(document, await this.silences.latest(draftId));
    });
    await this.sectionsChanged(draftId);
  }

  /** Sections were added, removed or restored: measure the new ones, forget the removed ones. */
  async sectionsChanged(draftId: string): Promise<void> {
    const document = this.loadedDraft(draftId);
    const draft = await this.drafts.get(draftId);
    if (!document || !draft) return;
    const progress = document.getMap(NegotiationFields.progress);
    const live = new Set(draft.sections.map((section) => section.id));
    await this.safely(draftId, () => {
      for (const id of [...progress.keys()]) if (!live.has(id)) writeSectionProgress(document, id, null);
    });
    for (const id of live) if (!progress.has(id)) this.sectionTextChanged(id, 0);
  }

  /**
   * The draft's figures now, from every live section's current text (loading
   * sections that are not in memory), also brought into its `draft:` document.
   */
  async measureDraft(draftId: string): Promise<DraftProgress> {
    if (this.stopped) return draftProgressOf([]);
    const draft = await this.drafts.get(draftId);
    if (!draft) return draftProgressOf([]);
    const sections: SectionProgress[] = [];
    for (const section of draft.sections) sections.push(await this.measureSection(draftId, section.id));
    const document = this.loadedDraft(draftId);
    if (document) {
      const live = new Set(draft.sections.map((section) => section.id));
      await this.safely(draftId, () =>
        document.transact(() => {
          for (const progress of sections) writeSectionProgress(document, progress.id, progress);
          for (const id of [...document.getMap(NegotiationFields.progress).keys()]) {
            if (!live.has(id)) writeSectionProgress(document, id, null);
          }
        }),
      );
    }
    return draftProgressOf(sections);
  }

  private async measureSection(draftId: string, sectionId: string): Promise<SectionProgress> {
    const anchors = (await this.brackets.openInSection(sectionId)).map((bracket) => bracket.anchor);
    return this.withSection(sectionId, (doc) => {
      const progress = sectionProgress(sectionId, doc, anchors);
      const document = this.loadedDraft(draftId);
      if (document) void this.safely(draftId, () => writeSectionProgress(document, sectionId, progress));
      return progress;
    });
  }

  private sectionTextChanged(sectionId: string, delay = PROGRESS_DELAY_MS): void {
    if (this.stopped) return;
    if (this.pending.has(sectionId)) {
      if (delay > 0) return;
      clearTimeout(this.pending.get(sectionId));
    }
    const timer = setTimeout(() => {
      this.pending.delete(sectionId);
      const measure = async () => {
        const located = await this.drafts.locateSection(sectionId);
        if (!located || located.removed || !this.loadedDraft(located.draftId)) return;
        await this.measureSection(located.draftId, sectionId);
      };
      measure().catch((error: unknown) =>
        this.logger.warn("could not measure a section's progress", { sectionId, error: String(error) }),
      );
    }, delay);
    timer.unref();
    this.pending.set(sectionId, timer);
  }

  /** Runs `read` on the section's document: the one in memory, or one loaded for the purpose. */
  private async withSection<T>(sectionId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const name = sectionDocumentName(sectionId);
    const loaded = this.hocuspocus?.documents.get(name);
    if (loaded && !loaded.isLoading) return read(loaded);
    if (!this.hocuspocus) throw new Error("the negotiation projection is not attached");
    const connection = await this.hocuspocus.openDirectConnection(name, READER_CONTEXT);
    try {
      if (!connection.document) throw new Error("direct connection closed before reading");
      return read(connection.document);
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
  }

  private loadedDraft(draftId: string): Document | null {
    const document = this.hocuspocus?.documents.get(draftDocumentName(draftId));
    return document && !document.isLoading ? document : null;
  }

  private async safely(draftId: string, write: () => void | Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      // SQLite holds the change; the projection is rebuilt from it on the next load.
      this.logger.error("could not update the draft document's negotiation", { draftId, error: String(error) });
    }
  }
}
