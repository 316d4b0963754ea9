import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import {
  addComment,
  addThread,
  canEditComment,
  canResolveThread,
  canSettleProposal,
  DISCUSSION_LAYOUT_VERSION,
  DiscussionFields,
  deleteComment,
  discussionCounts,
  editComment,
  type Person,
  readDiscussion,
  readThread,
  setThreadStatus,
} from "./discussion.ts";
import type { Actor } from "./permissions.ts";

const sgp: Person = { id: "user-sgp-0001", name: "Singapore point of contact", delegation: "SGP" };
const fra: Person = { id: "user-fra-0001", name: "France point of contact", delegation: "FRA" };
const anchor = { start: "AAAA", end: "BBBB" };

function discussionWithThreads(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    addThread(doc, {
      kind: "comment",
      id: "thread-comment-1",
      sectionId: "section-0001",
      anchor,
      quote: "brown fox",
      author: sgp,
      createdAt: 1000,
      firstComment: { id: "comment-0001", author: sgp, body: "<b>Why</b> a fox?", mentions: [fra.id], createdAt: 1000 },
    });
    addThread(doc, {
      kind: "proposal",
      id: "thread-proposal-1",
      sectionId: "section-0001",
      anchor: { start: "CCCC", end: "CCCC" },
      quote: "",
      author: sgp,
      createdAt: 2000,
      replacement: " and partners",
      rationale: null,
    });
  });
  return doc;
}

describe("the discussion document", () => {
  test("reads back threads, proposals and comments as written, oldest first, on another replica", () => {
    const doc = discussionWithThreads();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(replica.getMap(DiscussionFields.meta).get("version")).toBe(DISCUSSION_LAYOUT_VERSION);
    expect(readDiscussion(replica)).toEqual([
      {
        id: "thread-comment-1",
        sectionId: "section-0001",
        kind: "comment",
        anchor,
        quote: "brown fox",
        status: "open",
        author: sgp,
        createdAt: 1000,
        resolution: null,
        comments: [
          {
            id: "comment-0001",
            author: sgp,
            body: "<b>Why</b> a fox?",
            mentions: [fra.id],
            createdAt: 1000,
            editedAt: null,
            deleted: false,
          },
        ],
      },
      {
        id: "thread-proposal-1",
        sectionId: "section-0001",
        kind: "proposal",
        anchor: { start: "CCCC", end: "CCCC" },
        quote: "",
        status: "open",
        author: sgp,
        createdAt: 2000,
        resolution: null,
        replacement: " and partners",
        rationale: null,
        comments: [],
      },
    ]);
  });

  test("edits, deletes (keeping the place, erasing the body) and settles", () => {
    const doc = discussionWithThreads();
    addComment(doc, "thread-comment-1", {
      id: "comment-0002",
      author: fra,
      body: "Because.",
      mentions: [],
      createdAt: 3000,
    });
    editComment(doc, "thread-comment-1", "comment-0001", { body: "Why a fox?", mentions: [], at: 4000 });
    deleteComment(doc, "thread-comment-1", "comment-0002", 5000);
    setThreadStatus(doc, "thread-comment-1", "resolved", { by: fra, at: 6000 });
    setThreadStatus(doc, "thread-proposal-1", "rejected", { by: fra, at: 7000, reason: "Out of scope." });
    const comment = readThread(doc, "thread-comment-1");
    expect(comment).toMatchObject({ status: "resolved", resolution: { by: fra, at: 6000 } });
    expect(comment?.comments).toEqual([
      expect.objectContaining({ id: "comment-0001", body: "Why a fox?", editedAt: 4000, deleted: false }),
      expect.objectContaining({ id: "comment-0002", body: "", mentions: [], deleted: true }),
    ]);
    expect(readThread(doc, "thread-proposal-1")).toMatchObject({
      status: "rejected",
      resolution: { by: fra, reason: "Out of scope." },
    });
    setThreadStatus(doc, "thread-comment-1", "open", null);
    expect(readThread(doc, "thread-comment-1")).toMatchObject({ status: "open", resolution: null });
  });

  test("ignores entries that are not threads rather than failing", () => {
    const doc = discussionWithThreads();
    const junk = new Y.Map<unknown>();
    junk.set("id", 42);
    doc.getMap(DiscussionFields.threads).set("junk", junk);
    expect(readDiscussion(doc).map((thread) => thread.id)).toEqual(["thread-comment-1", "thread-proposal-1"]);
  });
});

test("counts proposals per section and per delegation, and open comment threads per section", () => {
  const doc = discussionWithThreads();
  addThread(doc, {
    kind: "proposal",
    id: "thread-proposal-2",
    sectionId: "section-0002",
    anchor,
    quote: "x",
    author: fra,
    createdAt: 3000,
    replacement: "y",
    rationale: "Clearer.",
  });
  setThreadStatus(doc, "thread-proposal-2", "accepted", { by: fra, at: 4000, appliedText: "y" });
  expect(discussionCounts(readDiscussion(doc))).toEqual({
    proposalsBySection: {
      "section-0001": { open: 1, accepted: 0, rejected: 0 },
      "section-0002": { open: 0, accepted: 1, rejected: 0 },
    },
    proposalsByDelegation: {
      SGP: { open: 1, accepted: 0, rejected: 0 },
      FRA: { open: 0, accepted: 1, rejected: 0 },
    },
    openCommentsBySection: { "section-0001": 1 },
  });
});

describe("who may settle and edit", () => {
  const section = { penholders: [fra.id], status: "drafting" as const };
  const as = (userId: string, role: Actor["role"]): Actor => ({ userId, isAdmin: false, role });

  test("penholders and leads settle proposals; other members, observers and outsiders do not", () => {
    expect(canSettleProposal(as(fra.id, "member"), section)).toBe(true);
    expect(canSettleProposal(as("lead-0000001", "lead"), section)).toBe(true);
    expect(canSettleProposal(as(sgp.id, "member"), section)).toBe(false);
    expect(canSettleProposal(as(fra.id, "observer"), section)).toBe(false);
    expect(canSettleProposal(as(fra.id, null), section)).toBe(false);
  });

  test("a thread's author may resolve it too, and only authors edit their comments", () => {
    expect(canResolveThread(as(sgp.id, "member"), section, { author: sgp })).toBe(true);
    expect(canResolveThread(as("other-000001", "member"), section, { author: sgp })).toBe(false);
    expect(canEditComment(as(sgp.id, "member"), { author: sgp })).toBe(true);
    expect(canEditComment(as(fra.id, "lead"), { author: sgp })).toBe(false);
    expect(canEditComment(as(sgp.id, "observer"), { author: sgp })).toBe(false);
  });
});
