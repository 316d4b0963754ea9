import type { MentionEntry, OutdatedProposalAnswer, Thread } from "../../shared/discussion.ts";
import type {
  AddCommentRequest,
  CreateProposalRequest,
  CreateThreadRequest,
  EditCommentRequest,
} from "../../shared/discussionSchemas.ts";
import type { ApiErrorCode } from "../../shared/types.ts";
import { ApiError } from "../api/apiClient.ts";

/**
 * Accepting a proposal whose text changed since it was made: the server
 * answers 409 with the text as it is now, and applies it only when asked
 * again with `confirm: true`.
 */
export class OutdatedProposalError extends Error {
  readonly current: string;
  readonly quote: string;

  constructor(answer: OutdatedProposalAnswer) {
    super(answer.error.message);
    this.name = "OutdatedProposalError";
    this.current = answer.current;
    this.quote = answer.quote;
  }
}

/**
 * The discussion routes. Its own small request function rather than the app's
 * `api`: the outdated-proposal answer carries more than an error message, and
 * every other failure is still an `ApiError` with the server's message.
 */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: "same-origin",
      headers:
        body === undefined
          ? { Accept: "application/json" }
          : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the server. Check your connection and try again.");
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  if (response.status === 409 && isOutdatedAnswer(payload)) throw new OutdatedProposalError(payload);
  const error = readError(payload);
  throw new ApiError(
    response.status,
    error?.code ?? "internal",
    error?.message ?? `The server answered ${response.status}. Try again in a moment.`,
  );
}

function isOutdatedAnswer(payload: unknown): payload is OutdatedProposalAnswer {
  if (typeof payload !== "object" || payload === null) return false;
  const record = payload as Record<string, unknown>;
  return typeof record.current === "string" && typeof record.quote === "string" && readError(payload) !== null;
}

function readError(payload: unknown): { code: ApiErrorCode; message: string } | null {
  if (typeof payload !== "object" || payload === null || !("error" in payload)) return null;
  const error: unknown = payload.error;
  if (typeof error !== "object" || error === null) return null;
  const code = "code" in error && typeof error.code === "string" ? (error.code as ApiErrorCode) : "internal";
  const message = "message" in error && typeof error.message === "string" ? error.message : null;
  return message === null ? null : { code, message };
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
  accept: (threadId: string, confirm = false) =>
    call<Thread>("POST", `/proposals/${id(threadId)}/accept`, confirm ? { confirm: true } : {}),
  reject: (threadId: string, reason: string) => call<Thread>("POST", `/proposals/${id(threadId)}/reject`, { reason }),
  mentions: () => call<MentionEntry[]>("GET", "/me/mentions"),
};

/** What to tell the person when a discussion action failed: the server's message when it gave one. */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof OutdatedProposalError) return error.message;
  return "Something went wrong. Try again in a moment.";
}
