import type { Thread } from "../../../shared/discussion.ts";

/** A thread's kind (the card's title), the paragraph it is in and its status. */
export function ThreadHeader({
  thread,
  titleId,
  paragraph,
}: {
  thread: Thread;
  titleId: string;
  paragraph: string | null;
}) {
  return (
    <header className="thread-card__header">
      <span className="thread-card__kind" id={titleId}>
        {thread.kind === "proposal" ? "Proposal" : "Comment"}
        <span className="visually-hidden"> by {thread.author.name}</span>
      </span>
      {paragraph && (
        <span className="thread-card__paragraph" data-testid="thread-paragraph">
          <span className="visually-hidden">Paragraph </span>¶ {paragraph}
        </span>
      )}
      <StatusBadge thread={thread} />
    </header>
  );
}

function StatusBadge({ thread }: { thread: Thread }) {
  return (
    <span className={`thread-status thread-status--${thread.status}`} data-testid="thread-status">
      {statusLabel(thread)}
    </span>
  );
}

/** The status in one word: Open, Resolved, Accepted or Rejected. */
export function statusLabel(thread: Thread): string {
  switch (thread.status) {
    case "resolved":
      return "Resolved";
    case "accepted":
      return "Accepted";
    case "rejected":
      return "Rejected";
    default:
      return "Open";
  }
}
