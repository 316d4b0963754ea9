import type { DraftDetail, MyWork, RemovedSectionSummary, User } from "../../shared/types.ts";
import { actorInDraft } from "../commands/access.ts";
import { CommandError } from "../commands/CommandError.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** What a user may read about drafts and their own work across groups. */
export class DraftQueries {
  constructor(private readonly stores: Stores) {}

  async get(user: User, draftId: string): Promise<DraftDetail> {
    await actorInDraft(this.stores, user, draftId);
    const draft = await this.stores.drafts.get(draftId);
    if (!draft) throw CommandError.notFound("Draft");
    return draft;
  }

  async removedSections(user: User, draftId: string): Promise<RemovedSectionSummary[]> {
    await actorInDraft(this.stores, user, draftId);
    return (await this.stores.drafts.removedSections(draftId)).map(({ id, title, removedAt }) => ({
      id,
      title,
      removedAt,
    }));
  }

  async myWork(user: User): Promise<MyWork> {
    return {
      pen: await this.stores.drafts.penSections(user.id),
      awaitingComments: await this.stores.drafts.sectionsAwaitingComments(user.id),
      proposalsToDecide: await this.stores.discussions.proposalsToDecide(user.id),
      myProposals: await this.stores.discussions.proposalsBy(user.id),
    };
  }
}
