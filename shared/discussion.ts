import * as Y from "yjs";
import type { Anchor } from "./discussionAnchors.ts";
import { Actions, type Actor, can, type SectionTarget } from "./permissions.ts";

/**
 * Layout of a `discussion:<draftId>` document. Only the server writes it,
 * through the API, after checking each request; clients read it live and may
 * trust authorship and status. Plain values are JSON (strings, numbers,
 * booleans, null, plain objects and arrays); `Y.*` are nested shared types.
 *
 *   meta:    Y.Map { version: DISCUSSION_LAYOUT_VERSION }
 *   threads: Y.Map<Y.Map>, keyed by thread id; each thread:
 *     id, sectionId, kind ("comment" | "proposal"),
 *     anchor: { start, end }      base64 Yjs relative positions into the section's text (see discussionAnchors.ts)
 *     quote                       the anchored text when the thread was created ("" for an insertion)
 *     status                      comment: "open" | "resolved"; proposal: "open" | "accepted" | "rejected"
 *     author: Person, createdAt   (ms since epoch)
 *     replacement, rationale      proposals only (rationale may be null); "" replacement = deletion
 *     resolution: Resolution | null   who resolved/accepted/rejected, when, and why
 *     comments: Y.Array<Y.Map>    each: id, author, body, mentions (user ids), createdAt,
 *                                 editedAt (null until edited), deleted (body and mentions erased)
 */
export const DISCUSSION_LAYOUT_VERSION = 1;

export const DiscussionFields = {
  meta: "meta",
  threads: "threads",
} as const;

export const ThreadKinds = { comment: "comment", proposal: "proposal" } as const;
export type ThreadKind = (typeof ThreadKinds)[keyof typeof ThreadKinds];

export const COMMENT_STATUSES = ["open", "resolved"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const PROPOSAL_STATUSES = ["open", "accepted", "rejected"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Who did something, as shown beside it. */
export interface Person {
  id: string;
  name: string;
  delegation: string;
}

export interface Resolution {
  by: Person;
  at: number;
  /** Why a proposal was rejected. */
  reason?: string;
  /** The text an accepted proposal put into the section. */
  appliedText?: string;
}

export interface DiscussionComment {
  id: string;
  author: Person;
  /** Plain text, shown as text (never as HTML). Empty once deleted. */
  body: string;
  /** User ids mentioned. */
  mentions: string[];
  createdAt: number;
  editedAt: number | null;
  /** A deleted comment keeps its place in the thread and shows as "comment deleted". */
  deleted: boolean;
}

interface ThreadBase {
  id: string;
  sectionId: string;
  anchor: Anchor;
  quote: string;
  author: Person;
  createdAt: number;
  resolution: Resolution | null;
  comments: DiscussionComment[];
}

export interface CommentThread extends ThreadBase {
  kind: "comment";
  status: CommentStatus;
}

export interface ProposalThread extends ThreadBase {
  kind: "proposal";
  status: ProposalStatus;
  /** The proposed text; "" proposes deleting the anchored text. */
  replacement: string;
  rationale: string | null;
}

export type Thread = CommentThread | ProposalThread;

/** An entry of `GET /api/me/mentions`, newest first. */
export interface MentionEntry {
  id: string;
  draftId: string;
  draftTitle: string;
  groupId: string;
  groupName: string;
  sectionId: string;
  threadId: string;
  commentId: string;
  author: Person;
  /** The start of the comment, plain text. */
  excerpt: string;
  at: number;
}

/**
 * The answer (409) to accepting a proposal whose anchored text changed since
 * it was made, without `confirm: true`: show `current`, then accept again with
 * `{confirm: true}` to apply anyway.
 */
export interface OutdatedProposalAnswer {
  error: { code: "conflict"; message: string };
  /** The anchored text now. */
  current: string;
  /** The anchored text when the proposal was made. */
  quote: string;
  /**
   * Whether `confirm: true` can accept it. False when the first or last
   * anchored words were rewritten: applying it would mix old and new text.
   */
  canConfirm: boolean;
}

// ---------------------------------------------------------------- reading

/** Every thread of the draft, oldest first (sort by place with `documentOrderKey` from discussionAnchors.ts). */
export function readDiscussion(doc: Y.Doc): Thread[] {
  const threads: Thread[] = [];
  for (const entry of threadsMap(doc).values()) {
    const thread = readThreadEntry(entry);
    if (thread) threads.push(thread);
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readThread(doc: Y.Doc, threadId: string): Thread | null {
  const entry = threadsMap(doc).get(threadId);
  return entry ? readThreadEntry(entry) : null;
}

function readThreadEntry(entry: Y.Map<unknown>): Thread | null {
  const id = entry.get("id");
  const sectionId = entry.get("sectionId");
  const anchor = entry.get("anchor");
  const author = readPerson(entry.get("author"));
  if (typeof id !== "string" || typeof sectionId !== "string" || !isAnchor(anchor) || !author) return null;
  const comments = entry.get("comments");
  const base: ThreadBase = {
    id,
    sectionId,
    anchor: { start: anchor.start, end: anchor.end },
    quote: stringOr(entry.get("quote"), ""),
    author,
    createdAt: numberOr(entry.get("createdAt"), 0),
    resolution: readResolution(entry.get("resolution")),
    comments: comments instanceof Y.Array ? comments.toArray().flatMap(readComment) : [],
  };
  const status = entry.get("status");
  if (entry.get("kind") === ThreadKinds.proposal) {
    const rationale = entry.get("rationale");
    return {
      ...base,
      kind: "proposal",
      status: isOneOf(status, PROPOSAL_STATUSES) ? status : "open",
      replacement: stringOr(entry.get("replacement"), ""),
      rationale: typeof rationale === "string" ? rationale : null,
    };
  }
  return { ...base, kind: "comment", status: isOneOf(status, COMMENT_STATUSES) ? status : "open" };
}

function readComment(value: unknown): DiscussionComment[] {
  if (!(value instanceof Y.Map)) return [];
  const id = value.get("id");
  const author = readPerson(value.get("author"));
  if (typeof id !== "string" || !author) return [];
  const mentions = value.get("mentions");
  const editedAt = value.get("editedAt");
  return [
    {
      id,
      author,
      body: stringOr(value.get("body"), ""),
      mentions: Array.isArray(mentions) ? mentions.filter((m): m is string => typeof m === "string") : [],
      createdAt: numberOr(value.get("createdAt"), 0),
      editedAt: typeof editedAt === "number" ? editedAt : null,
      deleted: value.get("deleted") === true,
    },
  ];
}

function readPerson(value: unknown): Person | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, name, delegation } = value as Record<string, unknown>;
  if (typeof id !== "string" || typeof name !== "string" || typeof delegation !== "string") return null;
  return { id, name, delegation };
}

function readResolution(value: unknown): Resolution | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const by = readPerson(record.by);
  if (!by || typeof record.at !== "number") return null;
  return {
    by,
    at: record.at,
    ...(typeof record.reason === "string" && { reason: record.reason }),
    ...(typeof record.appliedText === "string" && { appliedText: record.appliedText }),
  };
}

// ---------------------------------------------------------------- writing (server only)

export type NewThread =
  | {
      kind: "comment";
      id: string;
      sectionId: string;
      anchor: Anchor;
      quote: string;
      author: Person;
      createdAt: number;
      firstComment: NewComment;
    }
  | {
      kind: "proposal";
      id: string;
      sectionId: string;
      anchor: Anchor;
      quote: string;
      author: Person;
      createdAt: number;
      replacement: string;
      rationale: string | null;
    };

export interface NewComment {
  id: string;
  author: Person;
  body: string;
  mentions: string[];
  createdAt: number;
}

/** Adds a thread (a comment thread with its first comment, or a proposal). Call inside a transaction. */
export function addThread(doc: Y.Doc, thread: NewThread): void {
  const meta = doc.getMap<unknown>(DiscussionFields.meta);
  if (meta.get("version") !== DISCUSSION_LAYOUT_VERSION) meta.set("version", DISCUSSION_LAYOUT_VERSION);
  const entry = new Y.Map<unknown>();
  entry.set("id", thread.id);
  entry.set("sectionId", thread.sectionId);
  entry.set("kind", thread.kind);
  entry.set("anchor", { start: thread.anchor.start, end: thread.anchor.end });
  entry.set("quote", thread.quote);
  entry.set("status", "open");
  entry.set("author", { ...thread.author });
  entry.set("createdAt", thread.createdAt);
  entry.set("resolution", null);
  if (thread.kind === "proposal") {
    entry.set("replacement", thread.replacement);
    entry.set("rationale", thread.rationale);
  }
  const comments = new Y.Array<Y.Map<unknown>>();
  entry.set("comments", comments);
  if (thread.kind === "comment") comments.push([commentEntry(thread.firstComment)]);
  threadsMap(doc).set(thread.id, entry);
}

/** Appends a comment to a thread; false if there is no such thread. */
export function addComment(doc: Y.Doc, threadId: string, comment: NewComment): boolean {
  const comments = commentsOf(doc, threadId);
  if (!comments) return false;
  comments.push([commentEntry(comment)]);
  return true;
}

/** Replaces a comment's body and mentions; false if there is no such comment. */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  change: { body: string; mentions: string[]; at: number },
): boolean {
  const entry = commentEntryOf(doc, threadId, commentId);
  if (!entry) return false;
  entry.set("body", change.body);
  entry.set("mentions", [...change.mentions]);
  entry.set("editedAt", change.at);
  return true;
}

/** Marks a comment deleted and erases its body and mentions; it keeps its place. */
export function deleteComment(doc: Y.Doc, threadId: string, commentId: string, at: number): boolean {
  const entry = commentEntryOf(doc, threadId, commentId);
  if (!entry) return false;
  entry.set("body", "");
  entry.set("mentions", []);
  entry.set("deleted", true);
  entry.set("editedAt", at);
  return true;
}

/** Sets a thread's status and resolution (null to clear it, when reopening). */
export function setThreadStatus(
  doc: Y.Doc,
  threadId: string,
  status: CommentStatus | ProposalStatus,
  resolution: Resolution | null,
): boolean {
  const entry = threadsMap(doc).get(threadId);
  if (!entry) return false;
  entry.set("status", status);
  entry.set("resolution", resolution ? { ...resolution, by: { ...resolution.by } } : null);
  return true;
}

function threadsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(DiscussionFields.threads);
}

function commentsOf(doc: Y.Doc, threadId: string): Y.Array<Y.Map<unknown>> | null {
  const comments = threadsMap(doc).get(threadId)?.get("comments");
  return comments instanceof Y.Array ? (comments as Y.Array<Y.Map<unknown>>) : null;
}

function commentEntryOf(doc: Y.Doc, threadId: string, commentId: string): Y.Map<unknown> | null {
  const comments = commentsOf(doc, threadId);
  if (!comments) return null;
  for (const entry of comments) {
    if (entry instanceof Y.Map && entry.get("id") === commentId) return entry;
  }
  return null;
}

function commentEntry(comment: NewComment): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  entry.set("id", comment.id);
  entry.set("author", { ...comment.author });
  entry.set("body", comment.body);
  entry.set("mentions", [...comment.mentions]);
  entry.set("createdAt", comment.createdAt);
  entry.set("editedAt", null);
  entry.set("deleted", false);
  return entry;
}

// ---------------------------------------------------------------- who may do what

/** Accepting or rejecting a proposal: the section's penholders and the group's leads. */
export function canSettleProposal(actor: Actor, section: SectionTarget): boolean {
  if (!can(actor, Actions.discuss)) return false;
  return can(actor, Actions.updateSection) || section.penholders.includes(actor.userId);
}

/** Resolving or reopening a comment thread: its author, the section's penholders, the group's leads. */
export function canResolveThread(actor: Actor, section: SectionTarget, thread: { author: { id: string } }): boolean {
  if (!can(actor, Actions.discuss)) return false;
  return thread.author.id === actor.userId || canSettleProposal(actor, section);
}

/** Editing or deleting a comment: its author only, while they may still take part. */
export function canEditComment(actor: Actor, comment: { author: { id: string } }): boolean {
  return can(actor, Actions.discuss) && comment.author.id === actor.userId;
}

// ---------------------------------------------------------------- counts

export interface ProposalCounts {
  open: number;
  accepted: number;
  rejected: number;
}

export interface DiscussionCounts {
  /** Proposals per section id. */
  proposalsBySection: Record<string, ProposalCounts>;
  /** Proposals per proposing delegation. */
  proposalsByDelegation: Record<string, ProposalCounts>;
  /** Open comment threads per section id. */
  openCommentsBySection: Record<string, number>;
}

export function discussionCounts(threads: readonly Thread[]): DiscussionCounts {
  const counts: DiscussionCounts = { proposalsBySection: {}, proposalsByDelegation: {}, openCommentsBySection: {} };
  for (const thread of threads) {
    if (thread.kind === "comment") {
      if (thread.status === "open") {
        counts.openCommentsBySection[thread.sectionId] = (counts.openCommentsBySection[thread.sectionId] ?? 0) + 1;
      }
      continue;
    }
    tally(counts.proposalsBySection, thread.sectionId, thread.status);
    tally(counts.proposalsByDelegation, thread.author.delegation, thread.status);
  }
  return counts;
}

function tally(into: Record<string, ProposalCounts>, key: string, status: ProposalStatus): void {
  const counts = into[key] ?? { open: 0, accepted: 0, rejected: 0 };
  counts[status] += 1;
  into[key] = counts;
}

// ---------------------------------------------------------------- helpers

function isAnchor(value: unknown): value is Anchor {
  if (typeof value !== "object" || value === null) return false;
  const { start, end } = value as Record<string, unknown>;
  return typeof start === "string" && typeof end === "string";
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
