import { useEffect, useId, useRef } from "react";
import { canResolveThread, canSettleProposal, type Thread } from "../../../shared/discussion.ts";
import { Actions, type Actor, can, type SectionTarget } from "../../../shared/permissions.ts";
import type { ThreadPlace } from "../DiscussionStore.ts";
import type { Mentionable } from "../mentions.ts";
import { Byline } from "./Byline.tsx";
import { CommentList } from "./CommentList.tsx";
import { ProposalBody } from "./ProposedChange.tsx";
import { ReplyForm } from "./ReplyForm.tsx";
import { Resolution } from "./Resolution.tsx";
import { ResolveButton } from "./ResolveButton.tsx";
import { SettleControls } from "./SettleControls.tsx";
import { ThreadHeader } from "./ThreadHeader.tsx";
import { ThreadQuote } from "./ThreadQuote.tsx";

interface ThreadCardProps {
  thread: Thread;
  place: ThreadPlace;
  /** The paragraph number of the anchor (3.2), when the section numbers paragraphs. */
  paragraph?: string | null;
  active: boolean;
  /** Changes when the card should be brought into view (someone clicked its text). */
  revealRequest: number;
  actor: Actor;
  /** The thread's section (penholders, status), or null once the section is gone. */
  section: SectionTarget | null;
  people: readonly Mentionable[];
  onActivate(): void;
  /** After the viewer settled it (resolved, accepted…): it stays in view, settled, until they move on. */
  onSettled(): void;
}

/**
 * One thread in the sidebar: what it is about, its comments, and what the
 * viewer may do with it. Comment text is shown as text, never as markup.
 */
export function ThreadCard({
  thread,
  place,
  paragraph = null,
  active,
  revealRequest,
  actor,
  section,
  people,
  onActivate,
  onSettled,
}: ThreadCardProps) {
  const card = useRef<HTMLElement>(null);
  const titleId = useId();
  // Everyone can be shown as mentioned; the viewer is not offered to themselves.
  const others = people.filter((person) => person.userId !== actor.userId);
  const isOpen = thread.status === "open";

  useEffect(() => {
    if (!active || revealRequest === 0) return;
    card.current?.scrollIntoView({ block: "nearest" });
  }, [active, revealRequest]);

  const canResolve = thread.kind === "comment" && section !== null && canResolveThread(actor, section, thread);
  const canSettle = thread.kind === "proposal" && isOpen && section !== null && canSettleProposal(actor, section);
  const canReply = active && isOpen && can(actor, Actions.discuss);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere on the card is a shortcut; the quote button is the keyboard way.
    <article
      ref={card}
      className={`thread-card thread-card--${thread.kind} thread-card--${thread.status}${active ? " thread-card--active" : ""}`}
      data-testid="thread-card"
      data-thread-id={thread.id}
      data-status={thread.status}
      id={`thread-${thread.id}`}
      aria-labelledby={titleId}
      tabIndex={-1}
      onClick={(event) => {
        if (!active && !(event.target as Element).closest("button, a, input, textarea, select, label")) onActivate();
      }}
    >
      <ThreadHeader thread={thread} titleId={titleId} paragraph={paragraph} />
      {/* A comment thread's first comment says who started it. */}
      {thread.kind === "proposal" && <Byline person={thread.author} at={thread.createdAt} />}
      <ThreadQuote thread={thread} place={place} active={active} onActivate={onActivate} />
      {thread.kind === "proposal" && <ProposalBody thread={thread} />}
      <Resolution thread={thread} />
      <CommentList thread={thread} actor={actor} people={people} mentionable={others} />
      {canSettle && <SettleControls thread={thread} onSettled={onSettled} />}
      {canResolve && <ResolveButton thread={thread} onSettled={onSettled} />}
      {canReply && <ReplyForm thread={thread} people={others} />}
    </article>
  );
}
