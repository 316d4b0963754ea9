import type * as Y from "yjs";
import {
  addComment,
  addThread,
  canEditComment,
  canResolveThread,
  canSettleProposal,
  deleteComment,
  editComment,
  type OutdatedProposalAnswer,
  type Person,
  readThread,
  setThreadStatus,
  type Thread,
} from "../../shared/discussion.ts";
import { type Anchor, normalizeAnchor, replaceAnchoredText } from "../../shared/discussionAnchors.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { planAcceptance } from "../../shared/proposalAcceptance.ts";
import type { User } from "../../shared/types.ts";
import { Events } from "../events/changeEvents.ts";
import type { ThreadRecord } from "../storage/DiscussionStore.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import { newId } from "../storage/ids.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorIn, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import type { DocumentWriter } from "./liveDocuments.ts";
import { refuseIfFrozen } from "./negotiationGuards.ts";

const OBSERVERS_REFUSED = "Observers follow the discussion but cannot write in it: ask a lead for a member's role.";

/** The writers discussion commands use: never a section alone. */
export interface DiscussionWriters {
  /** `discussion:<draftId>` only. */
  discussions: DocumentWriter;
  /**
   * A draft's discussion with one of its sections, held together: a new
   * thread is anchored in the section's text, and an accepted proposal
   * changes that text together with its thread.
   */
  withSection: DocumentWriter;
}

/** A proposal that was not applied: the text now, and whether confirming could apply it. */
export type AcceptOutcome = { kind: "accepted"; thread: Thread } | { kind: "refused"; answer: OutdatedProposalAnswer };

/**
 * Threaded comments and change proposals. Threads live in the
 * `discussion:<draftId>` document, which only the server writes; their rows
 * (thread, mentions) and audit entries live in the database. Yjs cannot roll
 * a change back, so every command runs while the writer holds its documents
 * (no client update lands meanwhile): it decides everything (permission,
 * target, anchor, applicability), commits its rows in one transaction, and
 * only then changes the documents. A refusal or a failed row leaves both
 * untouched.
 */
export class DiscussionCommands {
  constructor(
    private readonly ctx: CommandContext,
    private readonly writers: DiscussionWriters,
  ) {}

  /** The draft's group and the caller as a participant; 404 for outsiders, 403 for observers. */
  async participantInDraft(
    user: User,
    draftId: string,
    stores: Stores = this.ctx.stores,
  ): Promise<{ groupId: string; actor: Actor }> {
    const groupId = await stores.drafts.groupOf(draftId);
    const actor = groupId ? await actorIn(stores, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Draft");
    ensure(can(actor, Actions.discuss), OBSERVERS_REFUSED);
    return { groupId, actor };
  }

  /** The thread's record, section and group, and the caller as a participant. */
  async participantInThread(
    user: User,
    threadId: string,
    what: "Thread" | "Proposal",
    stores: Stores = this.ctx.stores,
  ): Promise<{ record: ThreadRecord; groupId: string; actor: Actor; section: SectionLocation }> {
    const record = await stores.discussions.thread(threadId);
    const groupId = record ? await stores.drafts.groupOf(record.draftId) : null;
    const actor = groupId ? await actorIn(stores, user, groupId) : null;
    const section = record ? await stores.drafts.locateSection(record.sectionId) : null;
    if (!record || !groupId || !actor || !section || !can(actor, Actions.viewDraft)) throw CommandError.notFound(what);
    if (what === "Proposal" && record.kind !== "proposal") throw CommandError.notFound(what);
    ensure(can(actor, Actions.discuss), OBSERVERS_REFUSED);
    return { record, groupId, actor, section };
  }

  /** The proposal and the caller, who must be one of its section's penholders or a lead. */
  async settlerOfProposal(
    user: User,
    threadId: string,
    verb: "accept" | "reject",
  ): Promise<{ record: ThreadRecord; groupId: string; actor: Actor; section: SectionLocation }> {
    const found = await this.participantInThread(user, threadId, "Proposal");
    ensure(
      canSettleProposal(found.actor, found.section.section),
      `Only the section's penholders and the group's leads can ${verb} a proposal.`,
    );
    return found;
  }

  async createThread(
    user: User,
    input: {
      draftId: string;
      sectionId: string;
      anchor: Anchor;
      body: string;
      mentions?: readonly string[] | undefined;
    },
  ): Promise<Thread> {
    const { draftId, sectionId } = input;
    const { groupId } = await this.participantInDraft(user, draftId);
    await sectionOfDraft(this.ctx.stores, sectionId, draftId);
    const mentions = await checkMentions(this.ctx.stores, groupId, input.mentions);
    const now = Date.now();
    const threadId = newId();
    const commentId = newId();
    const author = personOf(user);
    return this.writers.withSection.write(
      [discussionDocumentName(draftId), sectionDocumentName(sectionId)],
      async ([discussion, sectionDoc]) => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const anchored = normalizeAnchor(sectionDoc, input.anchor, { allowInsertion: false });
        if (!anchored.ok) throw CommandError.invalid(`Invalid request: ${anchored.reason}.`);
        await this.ctx.commit(async (stores) => {
          await stores.discussions.recordThread(
            { id: threadId, draftId, sectionId, kind: "comment", authorId: user.id },
            now,
          );
          await stores.discussions.setMentions(
            { threadId, commentId, authorId: user.id, body: input.body },
            mentions,
            now,
          );
          return { value: null, events: [Events.discussionChanged({ draftId, sectionId, threadId })] };
        });
        return () => {
          addThread(discussion, {
            kind: "comment",
            id: threadId,
            sectionId,
            anchor: anchored.anchor,
            quote: anchored.resolved.currentText,
            author,
            createdAt: now,
            firstComment: { id: commentId, author, body: input.body, mentions, createdAt: now },
          });
          return threadIn(discussion, threadId);
        };
      },
    );
  }

  async createProposal(
    user: User,
    input: { draftId: string; sectionId: string; anchor: Anchor; replacement: string; rationale?: string | undefined },
  ): Promise<Thread> {
    const { draftId, sectionId } = input;
    await this.participantInDraft(user, draftId);
    await sectionOfDraft(this.ctx.stores, sectionId, draftId);
    const now = Date.now();
    const threadId = newId();
    return this.writers.withSection.write(
      [discussionDocumentName(draftId), sectionDocumentName(sectionId)],
      async ([discussion, sectionDoc]) => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const anchored = normalizeAnchor(sectionDoc, input.anchor, { allowInsertion: true });
        if (!anchored.ok) throw CommandError.invalid(`Invalid request: ${anchored.reason}.`);
        if (anchored.resolved.currentText === input.replacement) {
          throw CommandError.invalid("The replacement is the same as the selected text: propose a different wording.");
        }
        await this.ctx.commit(async (stores) => {
          await stores.discussions.recordThread(
            { id: threadId, draftId, sectionId, kind: "proposal", authorId: user.id },
            now,
          );
          return { value: null, events: [Events.discussionChanged({ draftId, sectionId, threadId })] };
        });
        return () => {
          addThread(discussion, {
            kind: "proposal",
            id: threadId,
            sectionId,
            anchor: anchored.anchor,
            quote: anchored.resolved.currentText,
            author: personOf(user),
            createdAt: now,
            replacement: input.replacement,
            rationale: input.rationale ?? null,
          });
          return threadIn(discussion, threadId);
        };
      },
    );
  }

  async reply(
    user: User,
    input: { threadId: string; body: string; mentions?: readonly string[] | undefined },
  ): Promise<Thread> {
    const { threadId } = input;
    const { record, groupId } = await this.participantInThread(user, threadId, "Thread");
    const mentions = await checkMentions(this.ctx.stores, groupId, input.mentions);
    const now = Date.now();
    const commentId = newId();
    return this.onDiscussion(record, async (discussion) => {
      threadIn(discussion, threadId);
      await this.commitComment(record, { threadId, commentId, authorId: user.id, body: input.body }, mentions, now);
      return () => {
        addComment(discussion, threadId, {
          id: commentId,
          author: personOf(user),
          body: input.body,
          mentions,
          createdAt: now,
        });
        return threadIn(discussion, threadId);
      };
    });
  }

  async editComment(
    user: User,
    input: { threadId: string; commentId: string; body: string; mentions?: readonly string[] | undefined },
  ): Promise<Thread> {
    const { threadId, commentId } = input;
    const { record, groupId, actor } = await this.participantInThread(user, threadId, "Thread");
    const newMentions =
      input.mentions === undefined ? undefined : await checkMentions(this.ctx.stores, groupId, input.mentions);
    const now = Date.now();
    return this.onDiscussion(record, async (discussion) => {
      const comment = threadIn(discussion, threadId).comments.find((entry) => entry.id === commentId);
      if (!comment || comment.deleted) throw CommandError.notFound("Comment");
      ensure(canEditComment(actor, comment), "You can only edit your own comments.");
      const mentions = newMentions ?? comment.mentions;
      await this.commitComment(record, { threadId, commentId, authorId: user.id, body: input.body }, mentions, now);
      return () => {
        editComment(discussion, threadId, commentId, { body: input.body, mentions, at: now });
        return threadIn(discussion, threadId);
      };
    });
  }

  async deleteComment(user: User, input: { threadId: string; commentId: string }): Promise<Thread> {
    const { threadId, commentId } = input;
    const { record, actor } = await this.participantInThread(user, threadId, "Thread");
    const now = Date.now();
    return this.onDiscussion(record, async (discussion) => {
      const comment = threadIn(discussion, threadId).comments.find((entry) => entry.id === commentId);
      if (!comment || comment.deleted) throw CommandError.notFound("Comment");
      ensure(canEditComment(actor, comment), "You can only delete your own comments.");
      await this.commitRows(record, async (stores) => await stores.discussions.clearMentions(commentId));
      return () => {
        deleteComment(discussion, threadId, commentId, now);
        return threadIn(discussion, threadId);
      };
    });
  }

  /** Resolves an open comment thread, or reopens a resolved one. */
  async setStatus(user: User, input: { threadId: string; verb: "resolve" | "reopen" }): Promise<Thread> {
    const { threadId, verb } = input;
    const [from, to] = verb === "resolve" ? (["open", "resolved"] as const) : (["resolved", "open"] as const);
    const { record, actor, section } = await this.participantInThread(user, threadId, "Thread");
    if (record.kind === "proposal") {
      throw CommandError.conflict("A proposal is settled by accepting or rejecting it, not resolved.");
    }
    ensure(
      canResolveThread(actor, section.section, { author: { id: record.authorId } }),
      `Only the thread's author, the section's penholders and the group's leads can ${verb} this thread.`,
    );
    const now = Date.now();
    return this.onDiscussion(record, async (discussion) => {
      const current = threadIn(discussion, threadId);
      if (current.status !== from) throw CommandError.conflict(`This thread is already ${current.status}.`);
      await this.commitRows(record, async () => {});
      return () => {
        setThreadStatus(discussion, threadId, to, to === "resolved" ? { by: personOf(user), at: now } : null);
        return threadIn(discussion, threadId);
      };
    });
  }

  /**
   * Applies a proposal to its section's text when that replaces exactly the
   * words it was made on (or the person confirmed the text they saw), and
   * marks it accepted, as one step.
   */
  async acceptProposal(
    user: User,
    input: { threadId: string; confirm?: boolean | undefined; current?: string | undefined },
  ): Promise<AcceptOutcome> {
    const { threadId } = input;
    const { record, groupId } = await this.settlerOfProposal(user, threadId, "accept");
    const confirmed = input.confirm === true;
    const now = Date.now();
    return this.writers.withSection.write(
      [discussionDocumentName(record.draftId), sectionDocumentName(record.sectionId)],
      async ([discussion, sectionDoc]): Promise<() => AcceptOutcome> => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const proposal = threadIn(discussion, threadId);
        if (proposal.kind !== "proposal") throw CommandError.notFound("Proposal");
        if (proposal.status !== "open") throw CommandError.conflict(`This proposal is already ${proposal.status}.`);
        // Read again here: the section's status may have changed while the documents loaded.
        const latest = await this.ctx.stores.drafts.locateSection(record.sectionId);
        if (!latest || latest.removed) {
          throw CommandError.conflict("The section of this proposal was removed: restore it first.");
        }
        if (latest.section.status === "agreed") {
          throw CommandError.conflict(
            "The section is agreed and locked: a lead must set it back to review before a proposal can be accepted.",
          );
        }
        await refuseIfFrozen(this.ctx.stores.silences, record.draftId);
        const plan = planAcceptance(sectionDoc, proposal, { confirm: confirmed, expectedCurrent: input.current });
        if (plan.kind === "detached") {
          throw CommandError.conflict(
            "The text this proposal applies to has been deleted: it cannot be accepted. Reject it, or propose again on the current text.",
          );
        }
        if (plan.kind !== "apply") {
          const answer = refusedAnswer(plan.kind, plan.current, proposal.quote);
          return () => ({ kind: "refused", answer });
        }
        await this.commitRows(record, async (stores) => {
          await decide(stores, threadId, now);
          await stores.audit.append(
            auditBy(user, groupId, "proposal.accept", threadId, {
              draftId: record.draftId,
              sectionId: record.sectionId,
              proposedBy: proposal.author,
              quote: proposal.quote,
              replaced: plan.replaced,
              replacement: proposal.replacement,
              confirmed,
            }),
          );
        });
        return () => {
          replaceAnchoredText(plan.resolved, proposal.replacement);
          setThreadStatus(discussion, threadId, "accepted", {
            by: personOf(user),
            at: now,
            appliedText: proposal.replacement,
          });
          return { kind: "accepted", thread: threadIn(discussion, threadId) };
        };
      },
      // The words that enter the text are the proposer's: the log records them
      // as theirs (the accepting lead or penholder is in the audit entry).
      ([discussion]) => {
        const proposal = discussion ? readThread(discussion, threadId) : null;
        return proposal ? { userId: proposal.author.id, delegation: proposal.author.delegation } : undefined;
      },
    );
  }

  async rejectProposal(user: User, input: { threadId: string; reason: string }): Promise<Thread> {
    const { threadId, reason } = input;
    const { record, groupId } = await this.settlerOfProposal(user, threadId, "reject");
    const now = Date.now();
    return this.onDiscussion(record, async (discussion) => {
      const proposal = threadIn(discussion, threadId);
      if (proposal.status !== "open") throw CommandError.conflict(`This proposal is already ${proposal.status}.`);
      await this.commitRows(record, async (stores) => {
        await decide(stores, threadId, now);
        await stores.audit.append(
          auditBy(user, groupId, "proposal.reject", threadId, {
            draftId: record.draftId,
            sectionId: record.sectionId,
            proposedBy: proposal.author,
            reason,
          }),
        );
      });
      return () => {
        setThreadStatus(discussion, threadId, "rejected", { by: personOf(user), at: now, reason });
        return threadIn(discussion, threadId);
      };
    });
  }

  /** Runs `prepare` while the thread's discussion document is held; what it returns changes the document. */
  private onDiscussion<T>(record: ThreadRecord, prepare: (discussion: Y.Doc) => Promise<() => T>): Promise<T> {
    return this.writers.discussions.write([discussionDocumentName(record.draftId)], async ([discussion]) => {
      if (!discussion) throw new Error("document not loaded");
      return prepare(discussion);
    });
  }

  /** Commits a comment's mentions (the rows a comment has) for a reply or an edit. */
  private async commitComment(
    record: ThreadRecord,
    comment: { threadId: string; commentId: string; authorId: string; body: string },
    mentions: readonly string[],
    now: number,
  ): Promise<void> {
    await this.commitRows(record, async (stores) => await stores.discussions.setMentions(comment, mentions, now));
  }

  /** Commits a thread's rows (all or none) and announces the change; the document is written after. */
  private async commitRows(record: ThreadRecord, write: (stores: Stores) => Promise<void>): Promise<void> {
    await this.ctx.commit(async (stores) => {
      await write(stores);
      return {
        value: null,
        events: [
          Events.discussionChanged({ draftId: record.draftId, sectionId: record.sectionId, threadId: record.id }),
        ],
      };
    });
  }
}

function refusedAnswer(kind: "outdated" | "rewritten", current: string, quote: string): OutdatedProposalAnswer {
  const message =
    kind === "outdated"
      ? "The text this proposal applies to has changed since it was made. Check the current text and accept again with confirm: true (and current: the text you checked)."
      : "The words at the edge of this proposal were rewritten since it was made, so it can no longer be applied without mixing old and new text. Reject it, or propose again on the current text.";
  return { error: { code: "conflict", message }, current, quote, canConfirm: kind === "outdated" };
}

/**
 * Claims the decision of a proposal in the database. The discussion document
 * said it was open, but another server may be deciding it at this moment:
 * the row settles who was first.
 */
async function decide(stores: Stores, threadId: string, now: number): Promise<void> {
  if (!(await stores.discussions.claimDecision(threadId, now))) {
    throw CommandError.conflict("This proposal has just been decided by someone else.");
  }
}

function personOf(user: User): Person {
  return { id: user.id, name: user.name, delegation: user.delegation };
}

/** The section must be a live section of this draft. */
async function sectionOfDraft(stores: Stores, sectionId: string, draftId: string): Promise<SectionLocation> {
  const located = await stores.drafts.locateSection(sectionId);
  if (!located || located.removed || located.draftId !== draftId) {
    throw CommandError.invalid("sectionId is not a section of this draft.");
  }
  return located;
}

/** Mentions must name people of the group (who can read the thread). */
async function checkMentions(
  stores: Stores,
  groupId: string,
  mentions: readonly string[] | undefined,
): Promise<string[]> {
  if (!mentions || mentions.length === 0) return [];
  const members = new Set((await stores.groups.members(groupId)).map((member) => member.userId));
  const unknown = mentions.filter((id) => !members.has(id));
  if (unknown.length > 0) {
    throw CommandError.invalid(`mentions must be members of this working group; not members: ${unknown.join(", ")}.`);
  }
  return [...mentions];
}

/** Reads the thread from the discussion document; 404 if it is not there. */
function threadIn(discussion: Y.Doc, threadId: string): Thread {
  const thread = readThread(discussion, threadId);
  if (!thread) throw CommandError.notFound("Thread");
  return thread;
}
