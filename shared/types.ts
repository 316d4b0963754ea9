import type { DelegationKind } from "./delegations.ts";
import type { MembershipEffect } from "./membershipChange.ts";
import type { Role, SectionStatus } from "./roles.ts";

/** A signed-in person, as the API returns them. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** ISO 3166 alpha-3 code of a member state, or an organisation's short name (`UN`, `AU`, ...). */
  delegation: string;
  isAdmin: boolean;
}

export interface SessionResponse {
  token: string;
  user: User;
}

/** A newcomer's accepted invitation: signed in, and the group they joined, to land on. */
export interface NewcomerAccepted extends SessionResponse {
  groupId: string;
}

export interface GroupSummary {
  id: string;
  name: string;
  role: Role;
}

export interface GroupMember {
  userId: string;
  name: string;
  delegation: string;
  role: Role;
}

export interface DraftSummary {
  id: string;
  title: string;
}

export interface GroupDetail {
  id: string;
  name: string;
  /** The signed-in user's role in this group. */
  role: Role;
  members: GroupMember[];
  drafts: DraftSummary[];
}

export interface SectionMeta {
  id: string;
  title: string;
  /** User ids of the people who hold the pen. */
  penholders: string[];
  status: SectionStatus;
}

export interface DraftDetail {
  id: string;
  groupId: string;
  title: string;
  /** Whether paragraphs are numbered (3.1, 3.2); sections always are. */
  paragraphNumbers: boolean;
  sections: SectionMeta[];
}

export interface CreatedResponse {
  id: string;
}

/** Every API failure has this body, with a 4xx status (or 500 for a bug, never for bad input). */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export const ApiErrorCodes = {
  badRequest: "bad_request",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  notFound: "not_found",
  conflict: "conflict",
  tooManyRequests: "too_many_requests",
  internal: "internal",
} as const;
export type ApiErrorCode = (typeof ApiErrorCodes)[keyof typeof ApiErrorCodes];

export interface AuditRecord {
  id: number;
  /** Milliseconds since the epoch. */
  at: number;
  actor: { id: string; name: string; delegation: string } | null;
  groupId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface RemovedSectionSummary {
  id: string;
  title: string;
  removedAt: number;
}

export interface InvitationCreated {
  id: string;
  /** The link to pass on to the invitee (no email is sent). */
  url: string;
  token: string;
  expiresAt: number;
}

export interface InvitationPreview {
  groupName: string;
  email: string;
  role: Role;
  /** The delegation the inviter set; the invitee cannot change it. Null for an existing account invited without one. */
  delegation: DelegationInfo | null;
  expiresAt: number;
  /** Whether an account with this email exists (then the invitee signs in instead of creating one). */
  accountExists: boolean;
}

export interface DelegationInfo {
  code: string;
  name: string;
  kind: DelegationKind;
}

export const InvitationStatuses = {
  pending: "pending",
  used: "used",
  revoked: "revoked",
  expired: "expired",
  /** Its inviter lost the right to make it, or the invited person was removed from the group. */
  invalidated: "invalidated",
} as const;
export type InvitationStatus = (typeof InvitationStatuses)[keyof typeof InvitationStatuses];

export interface InvitationSummary {
  id: string;
  email: string;
  role: Role;
  /** The delegation the inviter set (null for an existing account invited without naming it). */
  delegation: string | null;
  invitedBy: { userId: string; name: string; delegation: string };
  createdAt: number;
  expiresAt: number;
  status: InvitationStatus;
}

export interface PasswordResetCreated {
  /** The link to pass on to the person (no email is sent). */
  url: string;
  token: string;
  expiresAt: number;
}

export interface PasswordResetPreview {
  email: string;
  name: string;
  expiresAt: number;
}

/** What a role change or removal would do, before it is done. */
export interface MemberChangePreview {
  userId: string;
  name: string;
  delegation: string;
  from: Role;
  /** null: removal. */
  to: Role | null;
  /** null if it may go ahead; else why not (e.g. the group's last lead). */
  refusal: string | null;
  effects: MembershipEffect[];
}

/** A person as the site admin manages them. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
  delegation: string;
  isAdmin: boolean;
}

export interface MyWork {
  pen: {
    sectionId: string;
    sectionTitle: string;
    status: SectionStatus;
    draftId: string;
    draftTitle: string;
    groupId: string;
    groupName: string;
    lastChangedAt: number;
  }[];
  awaitingComments: {
    sectionId: string;
    sectionTitle: string;
    draftId: string;
    draftTitle: string;
    groupId: string;
    groupName: string;
  }[];
  /** Open proposals on sections the user holds the pen for, or in groups they lead: theirs to accept or reject. */
  proposalsToDecide: ProposalWorkItem[];
  /** The user's own proposals, most recently decided or made first, with what became of them. */
  myProposals: MyProposalOutcome[];
}

export interface ProposalWorkItem {
  threadId: string;
  sectionId: string;
  sectionTitle: string;
  draftId: string;
  draftTitle: string;
  groupId: string;
  groupName: string;
  createdAt: number;
  author: { id: string; name: string; delegation: string };
}

export interface MyProposalOutcome extends Omit<ProposalWorkItem, "author"> {
  status: "open" | "accepted" | "rejected";
  /** Who accepted or rejected it, and when; null while it is open. */
  decidedBy: { name: string; delegation: string } | null;
  decidedAt: number | null;
  /** The reason given with a rejection. */
  reason: string | null;
}

/** Who named a version, as they were then. */
export interface VersionAuthor {
  userId: string;
  name: string;
  delegation: string;
}

export interface VersionSummary {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  createdBy: VersionAuthor;
}

export interface VersionCreated extends VersionSummary {
  draftId: string;
}

export interface VersionSection extends SectionMeta {
  /** "1", "2", ... in the version's order. */
  number: string;
  /** Plain text, text blocks joined by "\n". */
  text: string;
  /** The section's rich text as ProseMirror JSON, for reading the version. */
  content: unknown;
}

export interface VersionDetail extends VersionCreated {
  title: string;
  paragraphNumbers: boolean;
  sections: VersionSection[];
}

export interface AuthorshipResponse {
  runs: { text: string; delegation: string }[];
}
