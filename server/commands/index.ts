/**
 * The write path. Every change a person makes through the API is a command:
 *
 *   route (parse, validate) → command → one transaction → change events → collab
 *
 * A command method takes the acting `User` and a validated input and:
 * 1. runs its whole body inside `ctx.commit(stores => ...)`, the one
 *    transaction boundary (see CommandContext.ts and storage/UnitOfWork.ts):
 *    it finds its target with the helpers in access.ts (a target the user may
 *    not see is "not found", never "forbidden"), checks permission with
 *    `can(...)` from shared/permissions.ts, and refuses by throwing a
 *    `CommandError` (routes turn it into 400/403/404/409) before it writes;
 * 2. writes every row it changes through `stores` (interfaces, never the
 *    database driver), and its audit entry last, with `auditBy(...)`;
 * 3. returns `{ value, events }`: the answer for the route and the change
 *    events (events/changeEvents.ts) that say what changed. They are published
 *    on the bus only after the transaction committed; if anything throws,
 *    nothing is kept and nothing is published.
 *
 * Adding a command: add a method to the aggregate's class here (or a new
 * `<Aggregate>Commands` class, registered below), and a thin route that calls
 * it. Adding an event: add it to `ChangeEventTypes`, `ChangeEvent` and
 * `Events` in events/changeEvents.ts; the compiler then asks for its reaction
 * in collab/reactToChange.ts. Reads that change nothing are queries
 * (server/queries/), which use the same access helpers.
 */
import type { LoginRateLimiter } from "../auth/LoginRateLimiter.ts";
import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { UnitOfWork } from "../storage/UnitOfWork.ts";
import { AccountCommands } from "./AccountCommands.ts";
import { BracketCommands } from "./BracketCommands.ts";
import { commandContext } from "./CommandContext.ts";
import { DelegationCommands } from "./DelegationCommands.ts";
import { DiscussionCommands, type DiscussionWriters } from "./DiscussionCommands.ts";
import { DraftCommands } from "./DraftCommands.ts";
import { InvitationCommands } from "./InvitationCommands.ts";
import type { DocumentWriter, DurableDocumentWriter } from "./liveDocuments.ts";
import { MembershipCommands } from "./MembershipCommands.ts";
import { SectionCommands } from "./SectionCommands.ts";
import { SessionCommands } from "./SessionCommands.ts";
import { SilenceCommands, type SilenceVersionHook } from "./SilenceCommands.ts";
import { VersionCommands } from "./VersionCommands.ts";

export interface Commands {
  membership: MembershipCommands;
  drafts: DraftCommands;
  sections: SectionCommands;
  invitations: InvitationCommands;
  sessions: SessionCommands;
  delegations: DelegationCommands;
  accounts: AccountCommands;
  discussion: DiscussionCommands;
  brackets: BracketCommands;
  silence: SilenceCommands;
  versions: VersionCommands;
}

export interface CommandSettings {
  invitationTtlMs: number;
  passwordResetTtlMs: number;
  loginLimiter: LoginRateLimiter;
  /** The live documents discussion commands write after their rows commit. */
  discussionWriters: DiscussionWriters;
  /** The live section texts that resolving a bracket writes (and creating one reads), and a restore writes durably with its rows. */
  sectionWriter: DocumentWriter & DurableDocumentWriter;
  /** Records the named versions of the silence procedure, inside its transaction. */
  silenceVersions: SilenceVersionHook;
}

export function createCommands(uow: UnitOfWork, events: ChangeEventBus, settings: CommandSettings): Commands {
  const ctx = commandContext(uow, events);
  return {
    membership: new MembershipCommands(ctx),
    drafts: new DraftCommands(ctx),
    sections: new SectionCommands(ctx),
    invitations: new InvitationCommands(ctx, settings.invitationTtlMs),
    sessions: new SessionCommands(ctx, settings.loginLimiter),
    delegations: new DelegationCommands(ctx),
    accounts: new AccountCommands(ctx, settings.passwordResetTtlMs),
    discussion: new DiscussionCommands(ctx, settings.discussionWriters),
    brackets: new BracketCommands(ctx, settings.sectionWriter),
    silence: new SilenceCommands(ctx, settings.silenceVersions),
    versions: new VersionCommands(ctx, settings.sectionWriter),
  };
}
