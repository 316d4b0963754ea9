import { type FormEvent, useId, useState } from "react";
import type { Anchor } from "../../shared/discussionAnchors.ts";
import { errorMessage } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { selectionAnchor } from "../discussion/anchors.ts";
import type { DiscussionEditors } from "../discussion/DiscussionEditors.ts";
import { negotiationApi } from "./negotiationApi.ts";

export interface PendingBracket {
  sectionId: string;
  anchor: Anchor;
  quote: string;
}

/** The passage selected in a section's text, as a bracket's anchor; or why it cannot be bracketed. */
export function captureSelection(discussion: DiscussionEditors): PendingBracket | string {
  // Read the browser's selection now: someone quick may press the button
  // before the store has heard of the selection they just made.
  discussion.syncSelectionFromDom();
  const selection = discussion.store.getSnapshot().selection;
  const view = selection ? discussion.viewOf(selection.sectionId) : null;
  if (!selection || !view) return "Select the words to bracket in the text first.";
  const { from, to } = view.state.selection;
  if (from === to) return "Select the words to bracket in the text first.";
  const anchored = selectionAnchor(view.state, from, to);
  if (!anchored.ok) return anchored.reason;
  return { sectionId: selection.sectionId, anchor: anchored.anchor, quote: anchored.quote };
}

/** Brackets the chosen passage, with as many alternative wordings as the penholder enters. */
export function BracketComposer({
  draftId,
  pending,
  sectionLabel,
  onDone,
}: {
  draftId: string;
  pending: PendingBracket;
  sectionLabel: string;
  onDone(): void;
}) {
  const [alternatives, setAlternatives] = useState<string[]>([""]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const wordings = alternatives.filter((text) => text.trim() !== "");
    negotiationApi
      .createBracket(draftId, { sectionId: pending.sectionId, anchor: pending.anchor, alternatives: wordings })
      .then(() => onDone())
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="bracket-composer" onSubmit={submit} data-testid="bracket-composer" aria-label="New bracket">
      <p>
        Bracket in {sectionLabel}: <q className="bracket-composer__quote">{pending.quote}</q> (option A, the current
        wording)
      </p>
      {alternatives.map((text, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the inputs are positional and never reordered.
        <div key={index} className="bracket-composer__row">
          <label htmlFor={`${id}-alt-${index}`}>Option {String.fromCharCode(66 + index)}</label>
          <input
            id={`${id}-alt-${index}`}
            value={text}
            data-testid="bracket-alternative"
            onChange={(event) =>
              setAlternatives((current) => current.map((value, at) => (at === index ? event.target.value : value)))
            }
          />
        </div>
      ))}
      <div className="bracket-composer__actions">
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => setAlternatives((current) => [...current, ""])}
          data-testid="add-alternative"
        >
          Another option
        </button>
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={busy}
          data-testid="create-bracket"
        >
          Bracket the passage
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}
