import type { Bracket, SilenceProcedure } from "../../shared/negotiation.ts";
import type { User } from "../../shared/types.ts";
import { actorInDraft } from "../commands/access.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** A draft's brackets and silence procedure, for anyone who may read the draft (observers too). */
export class NegotiationQueries {
  constructor(private readonly stores: Stores) {}

  /** Open and resolved, in the order they were made. */
  async brackets(user: User, draftId: string): Promise<Bracket[]> {
    await actorInDraft(this.stores, user, draftId);
    return await this.stores.brackets.forDraft(draftId);
  }

  /** The draft's latest procedure, running or ended, or null if it was never circulated. */
  async latestSilence(user: User, draftId: string): Promise<SilenceProcedure | null> {
    await actorInDraft(this.stores, user, draftId);
    return await this.stores.silences.latest(draftId);
  }
}
