import type { Role } from "../../shared/roles.ts";
import type {
  AcceptInvitationRequest,
  ChangePasswordRequest,
  CreateDelegationRequest,
  CreateDraftRequest,
  CreateGroupRequest,
  CreateSectionRequest,
  InviteRequest,
  LoginRequest,
  PatchDelegationRequest,
  PatchSectionRequest,
  PatchUserRequest,
} from "../../shared/schemas.ts";
import type {
  ApiErrorCode,
  AuditRecord,
  CreatedResponse,
  DelegationInfo,
  DraftDetail,
  GroupDetail,
  GroupSummary,
  InvitationCreated,
  InvitationPreview,
  InvitationSummary,
  MemberChangePreview,
  MyWork,
  NewcomerAccepted,
  PasswordResetCreated,
  PasswordResetPreview,
  RemovedSectionSummary,
  SectionMeta,
  SessionResponse,
  User,
  UserSummary,
} from "../../shared/types.ts";
import { isCacheable, recall, remember } from "./offlineCache.ts";

/** A failed API call, carrying the server's message so the UI can show it as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode | "network";
  /** The whole answer, for the few failures that say more than a message (an outdated proposal). */
  readonly body: unknown;

  constructor(status: number, code: ApiErrorCode | "network", message: string, body: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Lets the session layer hear about any 401, wherever the call came from. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
    // Offline: a draft page reloaded without a network opens from the last
    // answers (its text comes from the device's copy of each section).
    const kept = method === "GET" && isCacheable(path) ? recall(path) : undefined;
    if (kept !== undefined) return kept as T;
    throw new ApiError(0, "network", "Cannot reach the server. Check your connection and try again.");
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) {
    if (method === "GET" && isCacheable(path)) remember(path, payload);
    return payload as T;
  }

  const error = readError(payload);
  // Signing in with bad credentials is a 401 too, and so is accepting an
  // invitation meant for another account: neither is a lost session.
  if (response.status === 401 && path !== "/session" && !path.startsWith("/invitations/")) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw new ApiError(
    response.status,
    error?.code ?? "internal",
    error?.message ?? `The server answered ${response.status}. Try again in a moment.`,
    payload,
  );
}

export function readError(payload: unknown): { code: ApiErrorCode; message: string } | null {
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
  removeSection: (sectionId: string) => request<void>("DELETE", `/sections/${encodeURIComponent(sectionId)}`),
  restoreSection: (sectionId: string) =>
    request<SectionMeta>("POST", `/sections/${encodeURIComponent(sectionId)}/restore`),
  removedSections: (draftId: string) =>
    request<RemovedSectionSummary[]>("GET", `/drafts/${encodeURIComponent(draftId)}/removed-sections`),
  reorderSections: (draftId: string, sectionIds: string[]) =>
    request<DraftDetail>("PUT", `/drafts/${encodeURIComponent(draftId)}/order`, { sectionIds }),
  changePassword: (body: ChangePasswordRequest) => request<void>("PUT", "/me/password", body),
  myWork: () => request<MyWork>("GET", "/me/work"),
  delegations: () => request<DelegationInfo[]>("GET", "/delegations"),
  createGroup: (body: CreateGroupRequest) => request<CreatedResponse>("POST", "/groups", body),
  invite: (groupId: string, body: InviteRequest) =>
    request<InvitationCreated>("POST", `/groups/${encodeURIComponent(groupId)}/invitations`, body),
  changeRole: (groupId: string, userId: string, role: Role) =>
    request<{ userId: string; role: Role; effects: MemberChangePreview["effects"] }>(
      "PATCH",
      `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}`,
      { role },
    ),
  previewMemberChange: (groupId: string, userId: string, role: Role | null) =>
    request<MemberChangePreview>(
      "GET",
      `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}/preview${role ? `?role=${role}` : ""}`,
    ),
  invitations: (groupId: string) =>
    request<InvitationSummary[]>("GET", `/groups/${encodeURIComponent(groupId)}/invitations`),
  revokeInvitation: (invitationId: string) =>
    request<void>("DELETE", `/invitations/${encodeURIComponent(invitationId)}`),
  createDelegation: (body: CreateDelegationRequest) => request<DelegationInfo>("POST", "/delegations", body),
  patchDelegation: (code: string, body: PatchDelegationRequest) =>
    request<DelegationInfo>("PATCH", `/delegations/${encodeURIComponent(code)}`, body),
  users: () => request<UserSummary[]>("GET", "/users"),
  patchUser: (userId: string, body: PatchUserRequest) =>
    request<User>("PATCH", `/users/${encodeURIComponent(userId)}`, body),
  createPasswordReset: (userId: string) =>
    request<PasswordResetCreated>("POST", `/users/${encodeURIComponent(userId)}/password-reset`),
  passwordReset: (token: string) =>
    request<PasswordResetPreview>("GET", `/password-resets/${encodeURIComponent(token)}`),
  resetPassword: (token: string, newPassword: string) =>
    request<void>("POST", `/password-resets/${encodeURIComponent(token)}`, { newPassword }),
  removeMember: (groupId: string, userId: string) =>
    request<void>("DELETE", `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}`),
  invitation: (token: string) => request<InvitationPreview>("GET", `/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, body: AcceptInvitationRequest) =>
    request<NewcomerAccepted | { groupId: string }>("POST", `/invitations/${encodeURIComponent(token)}/accept`, body),
  audit: (groupId: string | null, query: AuditFilter) =>
    request<AuditRecord[]>(
      "GET",
      `${groupId ? `/groups/${encodeURIComponent(groupId)}/audit` : "/audit"}${queryString(query)}`,
    ),
};

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  before?: number;
  limit?: number;
}

function queryString(query: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Try again in a moment.";
}
