import { useState } from "react";
import type { DiscussionComment } from "../../../shared/discussion.ts";
import { FormError } from "../../components/FormError.tsx";
import { CommentComposer } from "../CommentComposer.tsx";
import { discussionApi, failureMessage } from "../discussionApi.ts";
import { type Mentionable, mentionsAfterEdit } from "../mentions.ts";
import { Byline } from "./Byline.tsx";
import { CommentText } from "./CommentText.tsx";

interface CommentItemProps {
  threadId: string;
  comment: DiscussionComment;
  canEdit: boolean;
  /** The group's members, to show mentions. */
  people: readonly Mentionable[];
  /** Who can be mentioned while editing. */
  mentionable: readonly Mentionable[];
}

/** One comment of a thread; its author may edit or delete it. */
export function CommentItem({ threadId, comment, canEdit, people, mentionable }: CommentItemProps) {
  const [mode, setMode] = useState<"view" | "editing" | "deleting">("view");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (comment.deleted) {
    return (
      <li className="thread-comment thread-comment--deleted" data-testid="thread-comment">
        <p className="muted">
          <em>comment deleted</em>
        </p>
      </li>
    );
  }

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await discussionApi.deleteComment(threadId, comment.id);
    } catch (caught) {
      setError(failureMessage(caught));
      setMode("view");
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="thread-comment" data-testid="thread-comment">
      <Byline person={comment.author} at={comment.createdAt} edited={comment.editedAt !== null} />
      {mode === "editing" ? (
        <CommentComposer
          label="Edit your comment"
          people={mentionable}
          initialText={comment.body}
          submitLabel="Save"
          autoFocus
          onCancel={() => setMode("view")}
          onSubmit={async (body, mentions) => {
            // Mentions picked again while editing are added to those the comment had.
            await discussionApi.editComment(threadId, comment.id, {
              body,
              mentions: mentionsAfterEdit(body, comment.mentions, people, mentions),
            });
            setMode("view");
          }}
        />
      ) : (
        <p className="thread-comment__body" data-testid="comment-body">
          <CommentText body={comment.body} mentioned={people.filter((p) => comment.mentions.includes(p.userId))} />
        </p>
      )}
      {canEdit && mode === "view" && (
        <div className="thread-comment__actions">
          <button type="button" className="link-button" onClick={() => setMode("editing")}>
            Edit
          </button>
          <button type="button" className="link-button" onClick={() => setMode("deleting")}>
            Delete
          </button>
        </div>
      )}
      {mode === "deleting" && (
        <div className="thread-comment__actions">
          <span>Delete this comment?</span>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            Delete
          </button>
          <button type="button" className="button button--small" onClick={() => setMode("view")}>
            Keep
          </button>
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}
