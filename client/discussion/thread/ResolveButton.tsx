import { useState } from "react";
import type { Thread } from "../../../shared/discussion.ts";
import { FormError } from "../../components/FormError.tsx";
import { discussionApi, failureMessage } from "../discussionApi.ts";

/** Resolves an open comment thread, or reopens a resolved one. */
export function ResolveButton({ thread, onSettled }: { thread: Thread; onSettled(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isOpen = thread.status === "open";

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await (isOpen ? discussionApi.resolve(thread.id) : discussionApi.reopen(thread.id));
      onSettled();
    } catch (caught) {
      setError(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} />
      <div className="thread-card__actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          data-testid={isOpen ? "resolve-thread" : "reopen-thread"}
          onClick={() => void toggle()}
        >
          {isOpen ? "Resolve" : "Reopen"}
        </button>
      </div>
    </>
  );
}
