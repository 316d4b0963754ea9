import type { afterLoadDocumentPayload, Extension, Hocuspocus } from "@hocuspocus/server";
import { draftDocumentName, parseDocumentName } from "../../shared/documentNames.ts";
import { writeDraftDocument } from "../../shared/draftDocument.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

type DraftStore = Stores["drafts"];

/**
 * Keeps each `draft:` document equal to what SQLite says about the draft. It is
 * written here and nowhere else: on load (catching up with any change made
 * while it was not loaded) and after every API change.
 */
export class DraftProjection implements Extension {
  extensionName = "DraftProjection";
  private hocuspocus: Hocuspocus | null = null;

  constructor(
    private readonly drafts: DraftStore,
    private readonly logger: Logger,
  ) {}

  attach(hocuspocus: Hocuspocus): void {
    this.hocuspocus = hocuspocus;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const ref = parseDocumentName(documentName);
    if (ref?.kind !== "draft") return;
    const draft = await this.drafts.get(ref.id);
    if (draft) writeDraftDocument(document, draft);
  }

  async draftChanged(draftId: string): Promise<void> {
    const document = this.hocuspocus?.documents.get(draftDocumentName(draftId));
    if (!document || document.isLoading) return;
    const draft = await this.drafts.get(draftId);
    if (!draft) return;
    try {
      writeDraftDocument(document, draft);
    } catch (error) {
      // SQLite already holds the change and the projection is rebuilt from it
      // on the next load, so the request that caused it still succeeded.
      this.logger.error("could not update the draft document", { draftId, error: String(error) });
    }
  }
}
