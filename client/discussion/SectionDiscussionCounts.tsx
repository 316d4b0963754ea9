import { useMemo } from "react";
import { discussionCounts } from "../../shared/discussion.ts";
import type { DiscussionStore } from "./DiscussionStore.ts";
import { useDiscussionSnapshot } from "./useDiscussion.ts";

/**
 * A section's discussion at a glance, for the outline: open proposals,
 * accepted and rejected ones, open comment threads. Nothing when there is none.
 */
export function SectionDiscussionCounts({ store, sectionId }: { store: DiscussionStore; sectionId: string }) {
  const { threads } = useDiscussionSnapshot(store);
  const counts = useMemo(() => discussionCounts(threads), [threads]);
  const proposals = counts.proposalsBySection[sectionId] ?? { open: 0, accepted: 0, rejected: 0 };
  const comments = counts.openCommentsBySection[sectionId] ?? 0;
  const parts: { key: string; text: string; className: string }[] = [];
  if (proposals.open > 0) parts.push({ key: "open", text: `${proposals.open} proposed`, className: "open" });
  if (proposals.accepted > 0)
    parts.push({ key: "accepted", text: `${proposals.accepted} accepted`, className: "accepted" });
  if (proposals.rejected > 0)
    parts.push({ key: "rejected", text: `${proposals.rejected} rejected`, className: "rejected" });
  if (comments > 0) parts.push({ key: "comments", text: plural(comments, "comment"), className: "comments" });
  if (parts.length === 0) return null;
  return (
    <span className="discussion-counts" data-testid="discussion-counts">
      <span className="visually-hidden">Discussion: </span>
      {parts.map((part, index) => (
        <span key={part.key} className={`discussion-counts__item discussion-counts__item--${part.className}`}>
          {index > 0 && <span aria-hidden="true"> · </span>}
          {part.text}
        </span>
      ))}
    </span>
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
