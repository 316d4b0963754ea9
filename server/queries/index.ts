import type { Stores } from "../storage/UnitOfWork.ts";
import { AccountQueries } from "./AccountQueries.ts";
import { DraftQueries } from "./DraftQueries.ts";
import { GroupQueries } from "./GroupQueries.ts";
import { MembershipQueries } from "./MembershipQueries.ts";
import { NegotiationQueries } from "./NegotiationQueries.ts";

/** Reads for the API: they change nothing, and refuse what the user may not see like the commands do. */
export interface Queries {
  accounts: AccountQueries;
  groups: GroupQueries;
  drafts: DraftQueries;
  membership: MembershipQueries;
  negotiation: NegotiationQueries;
}

export function createQueries(stores: Stores): Queries {
  return {
    accounts: new AccountQueries(stores),
    groups: new GroupQueries(stores),
    drafts: new DraftQueries(stores),
    membership: new MembershipQueries(stores),
    negotiation: new NegotiationQueries(stores),
  };
}
