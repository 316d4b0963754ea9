import type { MentionEntry, ThreadKind } from "../../shared/discussion.ts";
import type { Database } from "./Database.ts";
import { newId } from "./ids.ts";

export interface ThreadRecord {
  id: string;
  draftId: string;
  sectionId: string;
  kind: ThreadKind;
  authorId: string;
}

const EXCERPT_CHARS = 200;

/**
 * What SQLite knows about discussions: which draft a thread belongs to (the
 * thread itself lives in the `discussion:` document) and who was mentioned
 * where (the inbox).
 */
export class DiscussionStore {
  constructor(private readonly db: Database) {}

  recordThread(thread: ThreadRecord, now: number): void {
    this.db
      .prepare(
        "INSERT INTO discussion_threads (id, draft_id, section_id, kind, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(thread.id, thread.draftId, thread.sectionId, thread.kind, thread.authorId, now);
  }

  thread(threadId: string): ThreadRecord | null {
    const row = this.db
      .prepare(
        "SELECT id, draft_id AS draftId, section_id AS sectionId, kind, author_id AS authorId FROM discussion_threads WHERE id = ?",
      )
      .get(threadId) as ThreadRecord | undefined;
    return row ?? null;
  }

  /** Sets who a comment mentions (replacing earlier mentions of it); the author is never notified of themself. */
  setMentions(
    comment: { threadId: string; commentId: string; authorId: string; body: string },
    userIds: readonly string[],
    now: number,
  ): void {
    const excerpt = comment.body.length > EXCERPT_CHARS ? `${comment.body.slice(0, EXCERPT_CHARS - 1)}…` : comment.body;
    this.db.transaction(() => {
      const keep = new Set(userIds.filter((id) => id !== comment.authorId));
      const existing = (
        this.db.prepare("SELECT user_id FROM mentions WHERE comment_id = ?").all(comment.commentId) as {
          user_id: string;
        }[]
      ).map((row) => row.user_id);
      const remove = this.db.prepare("DELETE FROM mentions WHERE comment_id = ? AND user_id = ?");
      for (const userId of existing) if (!keep.has(userId)) remove.run(comment.commentId, userId);
      // Someone still mentioned after an edit keeps their entry (and its time), with the new excerpt.
      this.db.prepare("UPDATE mentions SET excerpt = ? WHERE comment_id = ?").run(excerpt, comment.commentId);
      const insert = this.db.prepare(
        `INSERT INTO mentions (id, user_id, thread_id, comment_id, author_id, excerpt, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id, user_id) DO NOTHING`,
      );
      for (const userId of keep) {
        insert.run(newId(), userId, comment.threadId, comment.commentId, comment.authorId, excerpt, now);
      }
    })();
  }

  /** Removes a comment's mentions (it was deleted: nothing of its text may remain in anyone's inbox). */
  clearMentions(commentId: string): void {
    this.db.prepare("DELETE FROM mentions WHERE comment_id = ?").run(commentId);
  }

  /** The user's inbox, newest first, limited to drafts of groups they (still) belong to. */
  mentionsFor(userId: string, isAdmin: boolean, limit = 200): MentionEntry[] {
    const rows = this.db
      .prepare(
        `SELECT m.id, m.thread_id AS threadId, m.comment_id AS commentId, m.excerpt, m.created_at AS at,
                t.draft_id AS draftId, t.section_id AS sectionId, d.title AS draftTitle,
                g.id AS groupId, g.name AS groupName,
                a.id AS authorId, a.name AS authorName, a.delegation AS authorDelegation
           FROM mentions m
           JOIN discussion_threads t ON t.id = m.thread_id
           JOIN drafts d ON d.id = t.draft_id
           JOIN working_groups g ON g.id = d.group_id
           JOIN users a ON a.id = m.author_id
          WHERE m.user_id = ?
            AND (? = 1 OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.group_id = g.id AND ms.user_id = m.user_id))
          ORDER BY m.created_at DESC, m.id
          LIMIT ?`,
      )
      .all(userId, isAdmin ? 1 : 0, limit) as {
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
}
