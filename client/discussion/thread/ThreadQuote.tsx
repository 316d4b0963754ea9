import type { Thread } from "../../../shared/discussion.ts";
import type { ThreadPlace } from "../DiscussionStore.ts";
import { ProposedChange } from "./ProposedChange.tsx";

/**
 * The words a thread is about, as a button that shows them in the text, and
 * a note when they were deleted since.
 */
export function ThreadQuote({
  thread,
  place,
  active,
  onActivate,
}: {
  thread: Thread;
  place: ThreadPlace;
  active: boolean;
  onActivate(): void;
}) {
  return (
    <>
      <button
        type="button"
        className="thread-card__quote"
        aria-label={
          place.state === "detached" ? "Detached thread" : `Show the text: ${thread.quote || "insertion point"}`
        }
        aria-pressed={active}
        onClick={onActivate}
      >
        {thread.kind === "proposal" ? (
          <ProposedChange thread={thread} />
        ) : thread.quote ? (
          <q>{thread.quote}</q>
        ) : (
          <span className="muted">Insertion point</span>
        )}
      </button>
      {place.state === "detached" && thread.status !== "accepted" && (
        // An accepted proposal replaced its own words: that is not a lost anchor.
        <p className="thread-card__detached" data-testid="thread-detached">
          {thread.kind === "comment"
            ? "Detached — the commented text was deleted"
            : "Detached — the text this proposal applies to was deleted"}
        </p>
      )}
    </>
  );
}
