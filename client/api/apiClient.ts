import type {
  CreateDraftRequest,
  CreateSectionRequest,
  LoginRequest,
  PatchSectionRequest,
} from "../../shared/schemas.ts";
import type {
  ApiErrorCode,
  CreatedResponse,
  DraftDetail,
  GroupDetail,
  GroupSummary,
  SectionMeta,
  SessionResponse,
  User,
} from "../../shared/types.ts";

/** A failed API call, carrying the server's message so the UI can show it as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode | "network";

  constructor(status: number, code: ApiErrorCode | "network", message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Lets the session layer hear about any 401, wherever the call came from. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
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

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;

  const error = readError(payload);
  // Signing in with bad credentials is a 401 too, but it is not a lost session.
  if (response.status === 401 && path !== "/session") {
    for (const listener of unauthorizedListeners) listener();
  }
  throw new ApiError(
    response.status,
    error?.code ?? "internal",
    error?.message ?? `The server answered ${response.status}. Try again in a moment.`,
  );
}

function readError(payload: unknown): { code: ApiErrorCode; message: string } | null {
  if (typeof payload !== "object" || payload === null || !("error" in payload)) return null;
  const error: unknown = payload.error;
  if (typeof error !== "object" || error === null) return null;
  const code = "code" in error && typeof error.code === "string" ? (error.code as ApiErrorCode) : "internal";
  const message = "message" in error && typeof error.message === "string" ? error.message : null;
  return message === null ? null : { code, message };
}

export const api = {
  signIn: (body: LoginRequest) => request<SessionResponse>("POST", "/session", body),
  signOut: () => request<void>("DELETE", "/session"),
  me: () => request<User>("GET", "/me"),
  groups: () => request<GroupSummary[]>("GET", "/groups"),
  group: (groupId: string) => request<GroupDetail>("GET", `/groups/${encodeURIComponent(groupId)}`),
  createDraft: (groupId: string, body: CreateDraftRequest) =>
    request<CreatedResponse>("POST", `/groups/${encodeURIComponent(groupId)}/drafts`, body),
  draft: (draftId: string) => request<DraftDetail>("GET", `/drafts/${encodeURIComponent(draftId)}`),
  createSection: (draftId: string, body: CreateSectionRequest) =>
    request<CreatedResponse>("POST", `/drafts/${encodeURIComponent(draftId)}/sections`, body),
  patchSection: (sectionId: string, body: PatchSectionRequest) =>
    request<SectionMeta>("PATCH", `/sections/${encodeURIComponent(sectionId)}`, body),
};

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Try again in a moment.";
}
