import type { MentionEntry, ThreadKind } from "../../shared/discussion.ts";
import type { MyProposalOutcome, ProposalWorkItem } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface ThreadRecord {
  id: string;
  draftId: string;
  sectionId: string;
  kind: ThreadKind;
  authorId: string;
}

const EXCERPT_CHARS = 200;

/**
 * A proposal's decision is recorded, append-only, as its audit entry; these
 * are the actions that close one. The latest such entry is its outcome.
 */
const PROPOSAL_DECISIONS = { "proposal.accept": "accepted", "proposal.reject": "rejected" } as const;
const DECISION_ACTIONS = Object.keys(PROPOSAL_DECISIONS)
  .map((action) => `'${action}'`)
  .join(", ");

interface ProposalRow {
  threadId: string;
  sectionId: string;
  sectionTitle: string;
  draftId: string;
  draftTitle: string;
  groupId: string;
  groupName: string;
  createdAt: number;
}

const PROPOSAL_COLUMNS = `t.id AS "threadId", t.section_id AS "sectionId", s.title AS "sectionTitle",
       d.id AS "draftId", d.title AS "draftTitle", g.id AS "groupId", g.name AS "groupName", t.created_at AS "createdAt"`;
const PROPOSAL_JOINS = `FROM discussion_threads t
       JOIN sections s ON s.id = t.section_id
       JOIN drafts d ON d.id = t.draft_id
       JOIN working_groups g ON g.id = d.group_id`;

/**
 * What SQLite knows about discussions: which draft a thread belongs to (the
 * thread itself lives in the `discussion:` document) and who was mentioned
 * where (the inbox).
 */
export class DiscussionStore {
  constructor(private readonly db: SqlExecutor) {}

  async recordThread(thread: ThreadRecord, now: number): Promise<void> {
    await this.db.run(
      "INSERT INTO discussion_threads (id, draft_id, section_id, kind, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      [thread.id, thread.draftId, thread.sectionId, thread.kind, thread.authorId, now],
    );
  }

  /**
   * Marks a proposal decided if nobody has yet; false if someone has (on this
   * server or another). Called inside the decision's transaction: a second
   * decision waits for the first to commit, then finds it.
   */
  async claimDecision(threadId: string, now: number): Promise<boolean> {
    const { changes } = await this.db.run(
      "UPDATE discussion_threads SET decided_at = ? WHERE id = ? AND decided_at IS NULL",
      [now, threadId],
    );
    return changes === 1;
  }

  async thread(threadId: string): Promise<ThreadRecord | null> {
    const row = (await this.db.get(
      `SELECT id, draft_id AS "draftId", section_id AS "sectionId", kind, author_id AS "authorId" FROM discussion_threads WHERE id = ?`,
      [threadId],
    )) as ThreadRecord | undefined;
    return row ?? null;
  }

  /** Sets who a comment mentions (replacing earlier mentions of it); the author is never notified of themself. */
  async setMentions(
    comment: { threadId: string; commentId: string; authorId: string; body: string },
    userIds: readonly string[],
    now: number,
  ): Promise<void> {
    const excerpt = comment.body.length > EXCERPT_CHARS ? `${comment.body.slice(0, EXCERPT_CHARS - 1)}…` : comment.body;
    await this.db.transaction(async (tx) => {
      const keep = new Set(userIds.filter((id) => id !== comment.authorId));
      const existing = (
        (await tx.all("SELECT user_id FROM mentions WHERE comment_id = ?", [comment.commentId])) as {
          user_id: string;
        }[]
      ).map((row) => row.user_id);

      for (const userId of existing)
        if (!keep.has(userId))
          await tx.run("DELETE FROM mentions WHERE comment_id = ? AND user_id = ?", [comment.commentId, userId]);
      // Someone still mentioned after an edit keeps their entry (and its time), with the new excerpt.
      await tx.run("UPDATE mentions SET excerpt = ? WHERE comment_id = ?", [excerpt, comment.commentId]);

      for (const userId of keep) {
        await tx.run(
          `INSERT INTO mentions (id, user_id, thread_id, comment_id, author_id, excerpt, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id, user_id) DO NOTHING`,
          [newId(), userId, comment.threadId, comment.commentId, comment.authorId, excerpt, now],
        );
      }
    });
  }

  /** Removes a comment's mentions (it was deleted: nothing of its text may remain in anyone's inbox). */
  async clearMentions(commentId: string): Promise<void> {
    await this.db.run("DELETE FROM mentions WHERE comment_id = ?", [commentId]);
  }

  /** The user's inbox, newest first, limited to drafts of groups they (still) belong to. */
  async mentionsFor(userId: string, isAdmin: boolean, limit = 200): Promise<MentionEntry[]> {
    const rows = (await this.db.all(
      `SELECT m.id, m.thread_id AS "threadId", m.comment_id AS "commentId", m.excerpt, m.created_at AS at,
                t.draft_id AS "draftId", t.section_id AS "sectionId", d.title AS "draftTitle",
                g.id AS "groupId", g.name AS "groupName",
                a.id AS "authorId", a.name AS "authorName", a.delegation AS "authorDelegation"
           FROM mentions m
           JOIN discussion_threads t ON t.id = m.thread_id
           JOIN drafts d ON d.id = t.draft_id
           JOIN working_groups g ON g.id = d.group_id
           JOIN users a ON a.id = m.author_id
          WHERE m.user_id = ?
            AND (? = 1 OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.group_id = g.id AND ms.user_id = m.user_id))
          ORDER BY m.created_at DESC, m.id
          LIMIT ?`,
      [userId, isAdmin ? 1 : 0, limit],
    )) as {
      id: string;
      threadId: string;
      commentId: string;
      excerpt: string;
      at: number;
      draftId: string;
      sectionId: string;
      draftTitle: string;
      groupId: string;
      groupName: string;
      authorId: string;
      authorName: string;
      authorDelegation: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      draftId: row.draftId,
      draftTitle: row.draftTitle,
      groupId: row.groupId,
      groupName: row.groupName,
      sectionId: row.sectionId,
      threadId: row.threadId,
      commentId: row.commentId,
      author: { id: row.authorId, name: row.authorName, delegation: row.authorDelegation },
      excerpt: row.excerpt,
      at: row.at,
    }));
  }

  /** Open proposals the user may decide: on sections they hold the pen for, or in groups they lead. */
  async proposalsToDecide(userId: string): Promise<ProposalWorkItem[]> {
    const rows = (await this.db.all(
      `SELECT ${PROPOSAL_COLUMNS}, a.id AS "authorId", a.name AS "authorName", a.delegation AS "authorDelegation"
           ${PROPOSAL_JOINS}
           JOIN users a ON a.id = t.author_id
           JOIN memberships m ON m.group_id = g.id AND m.user_id = ?
          WHERE t.kind = 'proposal' AND s.removed_at IS NULL
            AND (m.role = 'lead'
                 OR EXISTS (SELECT 1 FROM section_penholders p WHERE p.section_id = s.id AND p.user_id = ?))
            AND NOT EXISTS (SELECT 1 FROM audit_log l
                             WHERE l.group_id = g.id AND l.target = t.id AND l.action IN (${DECISION_ACTIONS}))
          ORDER BY t.created_at, t.id
          LIMIT 200`,
      [userId, userId],
    )) as (ProposalRow & { authorId: string; authorName: string; authorDelegation: string })[];
    return rows.map(({ authorId, authorName, authorDelegation, ...row }) => ({
      ...row,
      author: { id: authorId, name: authorName, delegation: authorDelegation },
    }));
  }

  /** The user's own proposals in groups they still belong to, with their outcome. */
  async proposalsBy(userId: string): Promise<MyProposalOutcome[]> {
    const rows = (await this.db.all(
      `SELECT ${PROPOSAL_COLUMNS}, l.action, l.at AS "decidedAt", l.actor_delegation AS "deciderDelegation",
                u.name AS "deciderName", ${this.db.dialect.jsonText("l.details", "reason")} AS reason
           ${PROPOSAL_JOINS}
           JOIN memberships m ON m.group_id = g.id AND m.user_id = t.author_id
           LEFT JOIN audit_log l ON l.id = (SELECT MAX(x.id) FROM audit_log x
                                            WHERE x.group_id = g.id AND x.target = t.id
                                              AND x.action IN (${DECISION_ACTIONS}))
           LEFT JOIN users u ON u.id = l.actor_id
          WHERE t.author_id = ? AND t.kind = 'proposal' AND s.removed_at IS NULL
          ORDER BY COALESCE(l.at, t.created_at) DESC, t.id
          LIMIT 200`,
      [userId],
    )) as (ProposalRow & {
      action: keyof typeof PROPOSAL_DECISIONS | null;
      decidedAt: number | null;
      deciderDelegation: string | null;
      deciderName: string | null;
      reason: unknown;
    })[];
    return rows.map(({ action, decidedAt, deciderDelegation, deciderName, reason, ...row }) => ({
      ...row,
      status: action ? PROPOSAL_DECISIONS[action] : "open",
      decidedBy: action ? { name: deciderName ?? "", delegation: deciderDelegation ?? "" } : null,
      decidedAt: action ? decidedAt : null,
      reason: action && typeof reason === "string" ? reason : null,
    }));
  }
}
