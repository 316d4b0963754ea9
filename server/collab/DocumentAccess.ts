import { parseDocumentName } from "../../shared/documentNames.ts";
import { Actions, can, type DocumentAccess, sectionAccess } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

type GroupStore = Stores["groups"];
type DraftStore = Stores["drafts"];
type SilenceStore = Stores["silences"];

/**
 * What a user may do with a named document, decided by the shared permission
 * function from what SQLite says now. Unknown documents and documents of other
 * groups both give "none", so a refusal never reveals whether a name exists.
 */
export class DocumentAccessPolicy {
  constructor(
    private readonly groups: GroupStore,
    private readonly drafts: DraftStore,
    /** Drafts under a running silence procedure have their text frozen for everyone. */
    private readonly silences: Pick<SilenceStore, "isRunning">,
  ) {}

  async accessTo(user: User, documentName: string): Promise<DocumentAccess> {
    const ref = parseDocumentName(documentName);
    if (!ref) return "none";
    switch (ref.kind) {
      case "draft":
      case "discussion": {
        // Both are written only by the server: readers never get write access.
        const groupId = await this.drafts.groupOf(ref.id);
        if (!groupId) return "none";
        const actor = { userId: user.id, isAdmin: user.isAdmin, role: await this.groups.roleOf(groupId, user.id) };
        return can(actor, Actions.viewDraft) ? "read" : "none";
      }
      case "section": {
        const located = await this.drafts.locateSection(ref.id);
        if (!located || located.removed) return "none";
        const actor = {
          userId: user.id,
          isAdmin: user.isAdmin,
          role: await this.groups.roleOf(located.groupId, user.id),
        };
        return sectionAccess(actor, { ...located.section, frozen: await this.silences.isRunning(located.draftId) });
      }
      default: {
        const unknown: never = ref.kind;
        return unknown;
      }
    }
  }
}
