import { canEditComment, type Thread } from "../../../shared/discussion.ts";
import type { Actor } from "../../../shared/permissions.ts";
import type { Mentionable } from "../mentions.ts";
import { CommentItem } from "./CommentItem.tsx";

/** A thread's comments, oldest first; nothing when it has none. */
export function CommentList({
  thread,
  actor,
  people,
  mentionable,
}: {
  thread: Thread;
  actor: Actor;
  people: readonly Mentionable[];
  mentionable: readonly Mentionable[];
}) {
  if (thread.comments.length === 0) return null;
  return (
    <ol className="thread-card__comments">
      {thread.comments.map((comment) => (
        <CommentItem
          key={comment.id}
          threadId={thread.id}
          comment={comment}
          canEdit={canEditComment(actor, comment)}
          people={people}
          mentionable={mentionable}
        />
      ))}
    </ol>
  );
}
