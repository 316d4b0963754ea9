import type { MentionEntry, OutdatedProposalAnswer, Thread } from "../../shared/discussion.ts";
import type {
  AddCommentRequest,
  CreateProposalRequest,
  CreateThreadRequest,
  EditCommentRequest,
} from "../../shared/discussionSchemas.ts";
import { ApiError, readError, request } from "../api/apiClient.ts";

/**
 * Accepting a proposal whose text changed since it was made: the server
 * answers 409 with the text as it is now, and applies it only when asked
 * again with `confirm: true` (unless its first or last words were rewritten:
 * then it cannot be applied at all, `canConfirm` is false).
 */
export class OutdatedProposalError extends Error {
  readonly current: string;
  readonly quote: string;
  readonly canConfirm: boolean;

  constructor(answer: OutdatedProposalAnswer) {
    super(answer.error.message);
    this.name = "OutdatedProposalError";
    this.current = answer.current;
    this.quote = answer.quote;
    this.canConfirm = answer.canConfirm !== false;
  }
}

/**
 * The discussion routes, through the app's request function; the one answer
 * that says more than a message, an outdated proposal, becomes its own error.
 */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await request<T>(method, path, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && isOutdatedAnswer(error.body)) {
      throw new OutdatedProposalError(error.body);
    }
    throw error;
  }
}

function isOutdatedAnswer(payload: unknown): payload is OutdatedProposalAnswer {
  if (typeof payload !== "object" || payload === null) return false;
  const record = payload as Record<string, unknown>;
  return typeof record.current === "string" && typeof record.quote === "string" && readError(payload) !== null;
}

const id = encodeURIComponent;

export const discussionApi = {
  createThread: (draftId: string, body: CreateThreadRequest) =>
    call<Thread>("POST", `/drafts/${id(draftId)}/threads`, body),
  createProposal: (draftId: string, body: CreateProposalRequest) =>
    call<Thread>("POST", `/drafts/${id(draftId)}/proposals`, body),
  reply: (threadId: string, body: AddCommentRequest) => call<Thread>("POST", `/threads/${id(threadId)}/comments`, body),
  editComment: (threadId: string, commentId: string, body: EditCommentRequest) =>
    call<Thread>("PATCH", `/threads/${id(threadId)}/comments/${id(commentId)}`, body),
  deleteComment: (threadId: string, commentId: string) =>
    call<Thread>("DELETE", `/threads/${id(threadId)}/comments/${id(commentId)}`),
  resolve: (threadId: string) => call<Thread>("POST", `/threads/${id(threadId)}/resolve`),
  reopen: (threadId: string) => call<Thread>("POST", `/threads/${id(threadId)}/reopen`),
  /** `current`: with confirm, the text the person was shown as what will be replaced. */
  accept: (threadId: string, confirm?: { current: string }) =>
    call<Thread>(
      "POST",
      `/proposals/${id(threadId)}/accept`,
      confirm ? { confirm: true, current: confirm.current } : {},
    ),
  reject: (threadId: string, reason: string) => call<Thread>("POST", `/proposals/${id(threadId)}/reject`, { reason }),
  mentions: () => call<MentionEntry[]>("GET", "/me/mentions"),
};

/** What to tell the person when a discussion action failed: the server's message when it gave one. */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof OutdatedProposalError) return error.message;
  return "Something went wrong. Try again in a moment.";
}
