import type { Context } from "hono";
import { Hono } from "hono";
import type { z } from "zod";
import type { MentionEntry } from "../../shared/discussion.ts";
import {
  AcceptProposalRequest,
  AddCommentRequest,
  CreateProposalRequest,
  CreateThreadRequest,
  EditCommentRequest,
  RejectProposalRequest,
} from "../../shared/discussionSchemas.ts";
import type { DiscussionCommands } from "../commands/DiscussionCommands.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/**
 * Threaded comments and change proposals (server/commands/DiscussionCommands.ts).
 * Leads and members take part; observers read (403 here); outsiders get 404,
 * as for unknown ids. Who may take part is checked before the body is read,
 * so a refused caller learns nothing from validation errors.
 */
export function discussionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.queries.accounts));
  threadRoutes(app, deps.commands.discussion);
  proposalRoutes(app, deps.commands.discussion);

  app.get("/me/mentions", async (c) => {
    const { user } = c.get("auth");
    return c.json((await deps.queries.accounts.mentions(user)) satisfies MentionEntry[]);
  });

  return app;
}

/** Comment threads and their comments; opening a proposal. */
function threadRoutes(app: Hono<ApiEnv>, discussion: DiscussionCommands): void {
  app.post("/drafts/:draftId/threads", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    await discussion.participantInDraft(user, draftId);
    const body = await readBody(c, CreateThreadRequest);
    return c.json(await discussion.createThread(user, { draftId, ...body }), 201);
  });

  app.post("/drafts/:draftId/proposals", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    await discussion.participantInDraft(user, draftId);
    const body = await readBody(c, CreateProposalRequest);
    return c.json(await discussion.createProposal(user, { draftId, ...body }), 201);
  });

  app.post("/threads/:threadId/comments", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    await discussion.participantInThread(user, threadId, "Thread");
    const body = await readBody(c, AddCommentRequest);
    return c.json(await discussion.reply(user, { threadId, ...body }), 201);
  });

  app.patch("/threads/:threadId/comments/:commentId", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    const commentId = readId(c, "commentId", "Comment");
    await discussion.participantInThread(user, threadId, "Thread");
    const body = await readBody(c, EditCommentRequest);
    return c.json(await discussion.editComment(user, { threadId, commentId, ...body }));
  });

  app.delete("/threads/:threadId/comments/:commentId", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Thread");
    const commentId = readId(c, "commentId", "Comment");
    return c.json(await discussion.deleteComment(user, { threadId, commentId }));
  });

  for (const verb of ["resolve", "reopen"] as const) {
    app.post(`/threads/:threadId/${verb}`, async (c) => {
      const { user } = c.get("auth");
      const threadId = readId(c, "threadId", "Thread");
      return c.json(await discussion.setStatus(user, { threadId, verb }));
    });
  }
}

/** Settling a proposal: accepting it into the text, or rejecting it. */
function proposalRoutes(app: Hono<ApiEnv>, discussion: DiscussionCommands): void {
  app.post("/proposals/:threadId/accept", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Proposal");
    await discussion.settlerOfProposal(user, threadId, "accept");
    const body = await readOptionalBody(c, AcceptProposalRequest);
    const outcome = await discussion.acceptProposal(user, { threadId, ...body });
    return outcome.kind === "accepted" ? c.json(outcome.thread) : c.json(outcome.answer, 409);
  });

  app.post("/proposals/:threadId/reject", async (c) => {
    const { user } = c.get("auth");
    const threadId = readId(c, "threadId", "Proposal");
    await discussion.settlerOfProposal(user, threadId, "reject");
    const body = await readBody(c, RejectProposalRequest);
    return c.json(await discussion.rejectProposal(user, { threadId, reason: body.reason }));
  });
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
