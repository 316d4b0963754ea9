import { type FormEvent, useId, useState } from "react";
import { MAX_PROPOSAL_CHARS, MAX_REASON_CHARS } from "../../shared/discussionSchemas.ts";
import { FormError } from "../components/FormError.tsx";
import { failureMessage } from "./discussionApi.ts";

interface ProposalComposerProps {
  /** The selected words ("" for an insertion at the caret). */
  quote: string;
  onSubmit(replacement: string, rationale: string): Promise<void>;
  onCancel(): void;
}

/**
 * A change proposal: the new wording of the selected words (empty proposes
 * deleting them), or the words to insert at the caret, and why.
 */
export function ProposalComposer({ quote, onSubmit, onCancel }: ProposalComposerProps) {
  const insertion = quote === "";
  const [replacement, setReplacement] = useState(quote);
  const [rationale, setRationale] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replacementId = useId();
  const rationaleId = useId();
  const hintId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    if (replacement === quote) {
      setError(insertion ? "Write the words to insert." : "Change the wording first: it is the same as the text.");
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onSubmit(replacement, rationale.trim());
    } catch (caught) {
      setError(failureMessage(caught));
      setSending(false);
    }
  };

  return (
    <form
      className="proposal-composer"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <div className="field">
        <label htmlFor={replacementId}>{insertion ? "Words to insert" : "Proposed wording"}</label>
        <input
          id={replacementId}
          type="text"
          value={replacement}
          maxLength={MAX_PROPOSAL_CHARS}
          // biome-ignore lint/a11y/noAutofocus: the composer opens because the person asked to propose.
          autoFocus
          data-testid="proposal-replacement"
          aria-describedby={hintId}
          onChange={(event) => setReplacement(event.target.value.replace(/[\r\n]+/g, " "))}
        />
        <span className="field__hint" id={hintId}>
          {insertion ? "Inserted where you placed the caret." : "Leave empty to propose deleting the selected words."}
        </span>
      </div>
      <div className="field">
        <label htmlFor={rationaleId}>
          Why <span className="muted">(optional)</span>
        </label>
        <textarea
          id={rationaleId}
          className="comment-composer__input"
          rows={2}
          value={rationale}
          maxLength={MAX_REASON_CHARS}
          data-testid="proposal-rationale"
          onChange={(event) => setRationale(event.target.value)}
        />
      </div>
      <FormError error={error} />
      <div className="comment-composer__actions">
        <button type="button" className="button button--small button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={sending}
          data-testid="submit-thread"
        >
          {sending ? "Sending…" : "Propose"}
        </button>
      </div>
    </form>
  );
}
