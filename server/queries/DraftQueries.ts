import type { DraftDetail, MyWork, RemovedSectionSummary, User } from "../../shared/types.ts";
import { actorInDraft } from "../commands/access.ts";
import { CommandError } from "../commands/CommandError.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** What a user may read about drafts and their own work across groups. */
export class DraftQueries {
  constructor(private readonly stores: Stores) {}

  get(user: User, draftId: string): DraftDetail {
    actorInDraft(this.stores, user, draftId);
    const draft = this.stores.drafts.get(draftId);
    if (!draft) throw CommandError.notFound("Draft");
    return draft;
  }

  removedSections(user: User, draftId: string): RemovedSectionSummary[] {
    actorInDraft(this.stores, user, draftId);
    return this.stores.drafts.removedSections(draftId).map(({ id, title, removedAt }) => ({ id, title, removedAt }));
  }

  myWork(user: User): MyWork {
    return {
      pen: this.stores.drafts.penSections(user.id),
      awaitingComments: this.stores.drafts.sectionsAwaitingComments(user.id),
      proposalsToDecide: this.stores.discussions.proposalsToDecide(user.id),
      myProposals: this.stores.discussions.proposalsBy(user.id),
    };
  }
}
