import type { Context } from "hono";
import { Hono } from "hono";
import type { z } from "zod";
import {
  addComment,
  addThread,
  canEditComment,
  canResolveThread,
  canSettleProposal,
  deleteComment,
  editComment,
  type MentionEntry,
  type OutdatedProposalAnswer,
  type Person,
  readThread,
  setThreadStatus,
  type Thread,
} from "../../shared/discussion.ts";
import { normalizeAnchor } from "../../shared/discussionAnchors.ts";
import {
  AcceptProposalRequest,
  AddCommentRequest,
  CreateProposalRequest,
  CreateThreadRequest,
  EditCommentRequest,
  RejectProposalRequest,
} from "../../shared/discussionSchemas.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { acceptProposal } from "../../shared/proposalAcceptance.ts";
import type { User } from "../../shared/types.ts";
import { actorIn } from "../commands/access.ts";
import { auditBy } from "../commands/audit.ts";
import type { ThreadRecord } from "../storage/DiscussionStore.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import { newId } from "../storage/ids.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/**
 * Threaded comments and change proposals. Threads live in the
 * `discussion:<draftId>` document, which only the server writes: every change
 * here is checked, attributed (user, delegation, time) and written as the
 * server; clients watch the document live. Leads and members take part;
 * observers read (403 here); outsiders get 404, as for unknown ids.
 */
export function discussionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));

  /** The draft's group and the caller as a participant; 404 for outsiders, 403 for observers. */
  const participantInDraft = (user: User, draftId: string): { groupId: string; actor: Actor } => {
    const groupId = deps.stores.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(deps.stores, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
    if (!can(actor, Actions.discuss)) {
      throw ApiError.forbidden(
        "Observers follow the discussion but cannot write in it: ask a lead for a member's role.",
      );
    }
    return { groupId, actor };
  };

  /** The thread's record, section and group, and the caller as a participant. */
  const participantInThread = (
    user: User,
    threadId: string,
    what: "Thread" | "Proposal",
  ): { record: ThreadRecord; groupId: string; actor: Actor; section: SectionLocation } => {
    const record = deps.stores.discussions.thread(threadId);
    const groupId = record ? deps.stores.drafts.groupOf(record.draftId) : null;
    const actor = groupId ? actorIn(deps.stores, user, groupId) : null;
    const section = record ? deps.stores.drafts.locateSection(record.sectionId) : null;
    if (!record || !groupId || !actor || !section || !can(actor, Actions.viewDraft)) throw ApiError.notFound(what);
    if (what === "Proposal" && record.kind !== "proposal") throw ApiError.notFound(what);
    if (!can(actor, Actions.discuss)) {
      throw ApiError.forbidden(
        "Observers follow the discussion but cannot write in it: ask a lead for a member's role.",
      );
    }
    return { record, groupId, actor, section };
  };

  /** Mentions must name people of the group (who can read the thread). */
  const checkMentions = (groupId: string, mentions: readonly string[] | undefined): string[] => {
    if (!mentions || mentions.length === 0) return [];
    const members = new Set(deps.stores.groups.members(groupId).map((member) => member.userId));
    const unknown = mentions.filter((id) => !members.has(id));
    if (unknown.length > 0) {
      throw ApiError.badRequest(`mentions must be members of this working group; not members: ${unknown.join(", ")}.`);
    }
    return [...mentions];
  };

  /** Reads the thread from the discussion document; 404 if it is not there. */
  const threadIn = (discussion: Parameters<typeof readThread>[0], threadId: string): Thread => {
    const thread = readThread(discussion, threadId);
    if (!thread) throw ApiError.notFound("Thread");
    return thread;
  };

  app.post("/drafts/:draftId/threads", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const { groupId } = participantInDraft(user, draftId);
    const body = await readBody(c, CreateThreadRequest);
    sectionOfDraft(deps, body.sectionId, draftId);
    const mentions = checkMentions(groupId, body.mentions);
    const now = Date.now();
    const threadId = newId();
    const commentId = newId();
    const author = personOf(user);

    const thread = await deps.documentWriter.write(
      [discussionDocumentName(draftId), sectionDocumentName(body.sectionId)],
      ([discussion, sectionDoc]) => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const anchored = normalizeAnchor(sectionDoc, body.anchor, { allowInsertion: false });
        if (!anchored.ok) throw ApiError.badRequest(`Invalid request: ${anchored.reason}.`);
        // SQLite first: if it fails, the document is still untouched.
        deps.db.transaction(() => {
          deps.stores.discussions.recordThread(
            { id: threadId, draftId, sectionId: body.sectionId, kind: "comment", authorId: user.id },
            now,
          );
          deps.stores.discussions.setMentions(
            { threadId, commentId, authorId: user.id, body: body.body },
            mentions,
            now,
          );
        })();
        addThread(discussion, {
          kind: "comment",
          id: threadId,
          sectionId: body.sectionId,
          anchor: anchored.anchor,
          quote: anchored.resolved.currentText,
          author,
          createdAt: now,
          firstComment: { id: commentId, author, body: body.body, mentions, createdAt: now },
        });
        return threadIn(discussion, threadId);
      },
    );
    return c.json(thread, 201);
  });

  app.post("/drafts/:draftId/proposals", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    participantInDraft(user, draftId);
    const body = await readBody(c, CreateProposalRequest);
    sectionOfDraft(deps, body.sectionId, draftId);
    const now = Date.now();
    const threadId = newId();

    const thread = await deps.documentWriter.write(
      [discussionDocumentName(draftId), sectionDocumentName(body.sectionId)],
      ([discussion, sectionDoc]) => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const anchored = normalizeAnchor(sectionDoc, body.anchor, { allowInsertion: true });
        if (!anchored.ok) throw ApiError.badRequest(`Invalid request: ${anchored.reason}.`);
        if (anchored.resolved.currentText === body.replacement) {
          throw ApiError.badRequest("The replacement is the same as the selected text: propose a different wording.");
        }
        deps.stores.discussions.recordThread(
          { id: threadId, draftId, sectionId: body.sectionId, kind: "proposal", authorId: user.id },
          now,
        );
        addThread(discussion, {
          kind: "proposal",
          id: threadId,
          sectionId: body.sectionId,
          anchor: anchored.anchor,
          quote: anchored.resolved.currentText,
          author: personOf(user),
          createdAt: now,
          replacement: body.replacement,
          rationale: body.rationale ?? null,
        });
        return threadIn(discussion, threadId);
      },
    );
    return c.json(thread, 201);
  });

  app.post("/threads/:threadId/comments", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    const { record, groupId } = participantInThread(user, threadId, "Thread");
    const body = await readBody(c, AddCommentRequest);
    const mentions = checkMentions(groupId, body.mentions);
    const now = Date.now();
    const commentId = newId();

    const thread = await deps.documentWriter.write([discussionDocumentName(record.draftId)], ([discussion]) => {
      if (!discussion) throw new Error("document not loaded");
      threadIn(discussion, threadId);
      deps.stores.discussions.setMentions({ threadId, commentId, authorId: user.id, body: body.body }, mentions, now);
      addComment(discussion, threadId, {
        id: commentId,
        author: personOf(user),
        body: body.body,
        mentions,
        createdAt: now,
      });
      return threadIn(discussion, threadId);
    });
    return c.json(thread, 201);
  });

  app.patch("/threads/:threadId/comments/:commentId", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    const commentId = readId(c, "commentId", "Comment");
    const { record, groupId, actor } = participantInThread(user, threadId, "Thread");
    const body = await readBody(c, EditCommentRequest);
    const newMentions = body.mentions === undefined ? undefined : checkMentions(groupId, body.mentions);
    const now = Date.now();

    const thread = await deps.documentWriter.write([discussionDocumentName(record.draftId)], ([discussion]) => {
      if (!discussion) throw new Error("document not loaded");
      const comment = threadIn(discussion, threadId).comments.find((entry) => entry.id === commentId);
      if (!comment || comment.deleted) throw ApiError.notFound("Comment");
      if (!canEditComment(actor, comment)) throw ApiError.forbidden("You can only edit your own comments.");
      const mentions = newMentions ?? comment.mentions;
      deps.stores.discussions.setMentions({ threadId, commentId, authorId: user.id, body: body.body }, mentions, now);
      editComment(discussion, threadId, commentId, { body: body.body, mentions, at: now });
      return threadIn(discussion, threadId);
    });
    return c.json(thread);
  });

  app.delete("/threads/:threadId/comments/:commentId", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    const commentId = readId(c, "commentId", "Comment");
    const { record, actor } = participantInThread(user, threadId, "Thread");
    const now = Date.now();

    const thread = await deps.documentWriter.write([discussionDocumentName(record.draftId)], ([discussion]) => {
      if (!discussion) throw new Error("document not loaded");
      const comment = threadIn(discussion, threadId).comments.find((entry) => entry.id === commentId);
      if (!comment || comment.deleted) throw ApiError.notFound("Comment");
      if (!canEditComment(actor, comment)) throw ApiError.forbidden("You can only delete your own comments.");
      deps.stores.discussions.clearMentions(commentId);
      deleteComment(discussion, threadId, commentId, now);
      return threadIn(discussion, threadId);
    });
    return c.json(thread);
  });

  for (const [verb, from, to] of [
    ["resolve", "open", "resolved"],
    ["reopen", "resolved", "open"],
  ] as const) {
    app.post(`/threads/:threadId/${verb}`, async (c) => {
      const { user } = c.get("auth");
      const threadId = readId(c, "threadId", "Thread");
      const { record, actor, section } = participantInThread(user, threadId, "Thread");
      if (record.kind === "proposal") {
        throw new ApiError(409, "conflict", "A proposal is settled by accepting or rejecting it, not resolved.");
      }
      if (!canResolveThread(actor, section.section, { author: { id: record.authorId } })) {
        throw ApiError.forbidden(
          `Only the thread's author, the section's penholders and the group's leads can ${verb} this thread.`,
        );
      }
      const now = Date.now();
      const thread = await deps.documentWriter.write([discussionDocumentName(record.draftId)], ([discussion]) => {
        if (!discussion) throw new Error("document not loaded");
        const current = threadIn(discussion, threadId);
        if (current.status !== from) {
          throw new ApiError(409, "conflict", `This thread is already ${current.status}.`);
        }
        setThreadStatus(discussion, threadId, to, to === "resolved" ? { by: personOf(user), at: now } : null);
        return threadIn(discussion, threadId);
      });
      return c.json(thread);
    });
  }

  app.post("/proposals/:threadId/accept", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Proposal");
    const { record, groupId, actor, section } = participantInThread(user, threadId, "Proposal");
    if (!canSettleProposal(actor, section.section)) {
      throw ApiError.forbidden("Only the section's penholders and the group's leads can accept a proposal.");
    }
    const body = await readOptionalBody(c, AcceptProposalRequest);
    const now = Date.now();

    const outcome = await deps.documentWriter.write(
      [discussionDocumentName(record.draftId), sectionDocumentName(record.sectionId)],
      ([discussion, sectionDoc]): AcceptOutcome => {
        if (!discussion || !sectionDoc) throw new Error("documents not loaded");
        const proposal = threadIn(discussion, threadId);
        if (proposal.kind !== "proposal") throw ApiError.notFound("Proposal");
        if (proposal.status !== "open") {
          throw new ApiError(409, "conflict", `This proposal is already ${proposal.status}.`);
        }
        // Read again here: the section's status may have changed while the documents loaded.
        const latest = deps.stores.drafts.locateSection(record.sectionId);
        if (!latest || latest.removed) {
          throw new ApiError(409, "conflict", "The section of this proposal was removed: restore it first.");
        }
        if (latest.section.status === "agreed") {
          throw new ApiError(
            409,
            "conflict",
            "The section is agreed and locked: a lead must set it back to review before a proposal can be accepted.",
          );
        }
        deps.negotiation.refuseIfFrozen(record.draftId);
        const result = acceptProposal(sectionDoc, proposal, {
          confirm: body.confirm === true,
          expectedCurrent: body.current,
        });
        if (result.kind === "detached") {
          throw new ApiError(
            409,
            "conflict",
            "The text this proposal applies to has been deleted: it cannot be accepted. Reject it, or propose again on the current text.",
          );
        }
        if (result.kind !== "accepted") return { kind: result.kind, current: result.current, quote: proposal.quote };
        const textBefore = result.replaced;
        setThreadStatus(discussion, threadId, "accepted", {
          by: personOf(user),
          at: now,
          appliedText: proposal.replacement,
        });
        return { kind: "accepted", thread: threadIn(discussion, threadId), textBefore };
      },
    );

    if (outcome.kind !== "accepted") {
      const answer: OutdatedProposalAnswer =
        outcome.kind === "outdated"
          ? {
              error: {
                code: "conflict",
                message:
                  "The text this proposal applies to has changed since it was made. Check the current text and accept again with confirm: true (and current: the text you checked).",
              },
              current: outcome.current,
              quote: outcome.quote,
              canConfirm: true,
            }
          : {
              error: {
                code: "conflict",
                message:
                  "The words at the edge of this proposal were rewritten since it was made, so it can no longer be applied without mixing old and new text. Reject it, or propose again on the current text.",
              },
              current: outcome.current,
              quote: outcome.quote,
              canConfirm: false,
            };
      return c.json(answer, 409);
    }
    deps.stores.audit.append(
      auditBy(user, groupId, "proposal.accept", threadId, {
        draftId: record.draftId,
        sectionId: record.sectionId,
        proposedBy: outcome.thread.author,
        quote: outcome.thread.quote,
        replaced: outcome.textBefore,
        replacement: outcome.thread.kind === "proposal" ? outcome.thread.replacement : "",
        confirmed: body.confirm === true,
      }),
    );
    return c.json(outcome.thread);
  });

  app.post("/proposals/:threadId/reject", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Proposal");
    const { record, groupId, actor, section } = participantInThread(user, threadId, "Proposal");
    if (!canSettleProposal(actor, section.section)) {
      throw ApiError.forbidden("Only the section's penholders and the group's leads can reject a proposal.");
    }
    const body = await readBody(c, RejectProposalRequest);
    const now = Date.now();

    const thread = await deps.documentWriter.write([discussionDocumentName(record.draftId)], ([discussion]) => {
      if (!discussion) throw new Error("document not loaded");
      const proposal = threadIn(discussion, threadId);
      if (proposal.status !== "open") {
        throw new ApiError(409, "conflict", `This proposal is already ${proposal.status}.`);
      }
      setThreadStatus(discussion, threadId, "rejected", { by: personOf(user), at: now, reason: body.reason });
      return threadIn(discussion, threadId);
    });
    deps.stores.audit.append(
      auditBy(user, groupId, "proposal.reject", threadId, {
        draftId: record.draftId,
        sectionId: record.sectionId,
        proposedBy: thread.author,
        reason: body.reason,
      }),
    );
    return c.json(thread);
  });

  app.get("/me/mentions", (c) => {
    const { user } = c.get("auth");
    return c.json(deps.stores.discussions.mentionsFor(user.id, user.isAdmin) satisfies MentionEntry[]);
  });

  return app;
}

type AcceptOutcome =
  | { kind: "accepted"; thread: Thread; textBefore: string }
  | { kind: "outdated" | "rewritten"; current: string; quote: string };

function personOf(user: User): Person {
  return { id: user.id, name: user.name, delegation: user.delegation };
}

/** The section must be a live section of this draft. */
function sectionOfDraft(deps: ApiDeps, sectionId: string, draftId: string): SectionLocation {
  const located = deps.stores.drafts.locateSection(sectionId);
  if (!located || located.removed || located.draftId !== draftId) {
    throw ApiError.badRequest("sectionId is not a section of this draft.");
  }
  return located;
}

/** Like readBody, but a request with no body at all counts as `{}`. */
async function readOptionalBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  if (!c.req.header("content-type")) {
    const text = await c.req.text();
    if (text.trim() === "") {
      const result = schema.safeParse({});
      if (result.success) return result.data;
    }
  }
  return readBody(c, schema);
}
