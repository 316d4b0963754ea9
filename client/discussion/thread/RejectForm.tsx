import { useId } from "react";
import { MAX_REASON_CHARS } from "../../../shared/discussionSchemas.ts";

/** Why a proposal is rejected: the reason is required, and shown with the decision. */
export function RejectForm({
  reason,
  busy,
  onReasonChange,
  onCancel,
  onSubmit,
}: {
  reason: string;
  busy: boolean;
  onReasonChange(reason: string): void;
  onCancel(): void;
  onSubmit(): void;
}) {
  const reasonId = useId();
  return (
    <form
      className="settle-confirm"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <label htmlFor={reasonId}>Why is it rejected?</label>
      <textarea
        id={reasonId}
        className="comment-composer__input"
        rows={2}
        value={reason}
        maxLength={MAX_REASON_CHARS}
        // biome-ignore lint/a11y/noAutofocus: the reason box opens because the person chose to reject.
        autoFocus
        data-testid="reject-reason"
        onChange={(event) => onReasonChange(event.target.value)}
      />
      <div className="thread-card__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--small button--danger"
          disabled={busy}
          data-testid="confirm-reject"
        >
          Reject proposal
        </button>
      </div>
    </form>
  );
}
