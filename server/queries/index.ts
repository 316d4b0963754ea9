import type { UnitOfWork } from "../storage/UnitOfWork.ts";
import { AccountQueries } from "./AccountQueries.ts";
import { DraftQueries } from "./DraftQueries.ts";
import { GroupQueries } from "./GroupQueries.ts";
import { MembershipQueries } from "./MembershipQueries.ts";
import { NegotiationQueries } from "./NegotiationQueries.ts";
import { VersionQueries } from "./VersionQueries.ts";

/** Reads for the API: they change nothing, and refuse what the user may not see like the commands do. */
export interface Queries {
  accounts: AccountQueries;
  groups: GroupQueries;
  drafts: DraftQueries;
  membership: MembershipQueries;
  negotiation: NegotiationQueries;
  versions: VersionQueries;
}

/** Queries read through the unit of work's stores; several reads that must agree share one of its transactions. */
export function createQueries(uow: UnitOfWork): Queries {
  const { stores } = uow;
  return {
    accounts: new AccountQueries(stores),
    groups: new GroupQueries(stores),
    drafts: new DraftQueries(stores),
    membership: new MembershipQueries(stores),
    negotiation: new NegotiationQueries(stores),
    versions: new VersionQueries(stores, (work) => uow.read(work)),
  };
}
