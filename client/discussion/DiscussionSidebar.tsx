import { useEffect, useId, useMemo, useRef } from "react";
import { createPortal } from "react-dom";
import { type DiscussionCounts, discussionCounts, type Thread } from "../../shared/discussion.ts";
import { compareDocumentOrder } from "../../shared/discussionAnchors.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { ApiError } from "../api/apiClient.ts";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { OfflineCopyMark } from "../components/OfflineCopyMark.tsx";
import { useNarrowScreen } from "../components/useNarrowScreen.ts";
import { CommentComposer } from "./CommentComposer.tsx";
import type { DiscussionEditors } from "./DiscussionEditors.ts";
import type { DiscussionStore, PendingThread, ThreadPlace } from "./DiscussionStore.ts";
import { discussionApi } from "./discussionApi.ts";
import type { Mentionable } from "./mentions.ts";
import { ProposalComposer } from "./ProposalComposer.tsx";
import { SelectionActions } from "./SelectionActions.tsx";
import { ThreadCard } from "./thread/ThreadCard.tsx";
import { useDiscussionSnapshot } from "./useDiscussion.ts";
import "./discussion.css";

interface DiscussionSidebarProps {
  store: DiscussionStore;
  editors: DiscussionEditors;
  draftId: string;
  /** The draft's sections, in order. */
  sections: SectionMeta[];
  actor: Actor;
  /** The group's members, for @mentions. */
  people: readonly Mentionable[];
}

/**
 * The draft's threads beside its text, grouped by section in the draft's
 * order and, within a section, in the order of the text. Observers read it
 * all live; members and leads also write (the floating buttons on a
 * selection open a composer here).
 */
export function DiscussionSidebar({ store, editors, draftId, sections, actor, people }: DiscussionSidebarProps) {
  const snapshot = useDiscussionSnapshot(store);
  const canDiscuss = can(actor, Actions.discuss);
  const headingId = useId();
  const narrow = useNarrowScreen();
  // Everyone can be shown as mentioned; the viewer is not offered to themselves.
  const others = useMemo(() => people.filter((person) => person.userId !== actor.userId), [people, actor.userId]);
  const { threads, activeThreadId, pending, textVersion, showResolved } = snapshot;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `textVersion` says the sections' text (and so each place) changed.
  const places = useMemo(() => {
    const found = new Map<string, ThreadPlace>();
    for (const thread of threads) found.set(thread.id, editors.placeOf(thread));
    return found;
  }, [threads, textVersion, editors]);

  const bySection = useMemo(() => groupBySection(threads, places), [threads, places]);
  const counts = useMemo(() => discussionCounts(threads), [threads]);
  const hidden = threads.filter((thread) => !store.isShown(thread));
  const hiddenComments = hidden.filter((thread) => thread.kind === "comment").length;
  const hiddenProposals = hidden.length - hiddenComments;

  useOpenThreadFromAddress(editors, threads, places);

  return (
    <aside className="discussion-sidebar" data-testid="discussion-sidebar" aria-labelledby={headingId}>
      <div className="discussion-sidebar__header">
        <h2 id={headingId} className="discussion-sidebar__heading">
          Discussion
        </h2>
        <label className="checkbox discussion-sidebar__filter">
          <input
            type="checkbox"
            checked={showResolved}
            data-testid="show-resolved"
            onChange={(event) => store.setShowResolved(event.target.checked)}
          />
          Show resolved
        </label>
      </div>
      <DelegationSummary counts={counts} />
      <p className="discussion-sidebar__hint muted">
        {canDiscuss
          ? "Select words in any section (Tab to a section, then Shift+arrows), then Comment (Ctrl+Alt+M) or Propose change (Ctrl+Alt+P)."
          : "You follow the discussion live; observers do not write in it."}
      </p>
      {!snapshot.loaded && (
        <p className="muted" aria-busy="true">
          Loading the discussion…
        </p>
      )}
      {snapshot.offlineCopyAt !== null && <OfflineCopyMark at={snapshot.offlineCopyAt} />}
      {sections.map((section, index) => {
        const sectionThreads = (bySection.get(section.id) ?? []).filter((thread) => store.isShown(thread));
        const pendingHere = pending?.sectionId === section.id ? pending : null;
        if (sectionThreads.length === 0 && !pendingHere) return null;
        return (
          <section key={section.id} className="discussion-group" aria-label={`Section ${index + 1} discussion`}>
            <h3 className="discussion-group__heading">
              <span className="discussion-group__number">{index + 1}.</span> {section.title || "Untitled"}
            </h3>
            {pendingHere && !narrow && (
              <PendingThreadCard pending={pendingHere} draftId={draftId} people={others} store={store} />
            )}
            {sectionThreads.map((thread) => (
              <ThreadCard
                key={thread.id}
                thread={thread}
                place={places.get(thread.id) ?? { state: "loading" }}
                paragraph={editors.paragraphOf(thread)}
                active={thread.id === activeThreadId}
                revealRequest={thread.id === activeThreadId ? snapshot.cardRequest : 0}
                actor={actor}
                section={section}
                people={people}
                onActivate={() => editors.activate(thread.id, { scrollText: true })}
                onSettled={() => store.keep(thread.id)}
              />
            ))}
          </section>
        );
      })}
      {snapshot.loaded && threads.length === 0 && !pending && <p className="muted">No comments or proposals yet.</p>}
      {hidden.length > 0 && (
        <p className="muted discussion-sidebar__hidden" data-testid="hidden-threads">
          Hidden:{" "}
          {[
            hiddenComments > 0 && plural(hiddenComments, "resolved comment"),
            hiddenProposals > 0 && plural(hiddenProposals, "settled proposal"),
          ]
            .filter(Boolean)
            .join(", ")}
          .
        </p>
      )}
      {canDiscuss && <SelectionActions editors={editors} selection={pending ? null : snapshot.selection} />}
      {pending &&
        narrow &&
        // On a narrow screen the discussion is a closed panel: the composer opens under the selection.
        createPortal(
          <div className="pending-near-selection" style={{ top: pending.top }}>
            <PendingThreadCard pending={pending} draftId={draftId} people={others} store={store} />
          </div>,
          document.body,
        )}
    </aside>
  );
}

function plural(count: number, what: string): string {
  return `${count} ${what}${count === 1 ? "" : "s"}`;
}

/** Threads per section id, each section's in the order of its text; detached and still-loading ones last. */
function groupBySection(threads: readonly Thread[], places: Map<string, ThreadPlace>): Map<string, Thread[]> {
  const groups = new Map<string, Thread[]>();
  for (const thread of threads) {
    const group = groups.get(thread.sectionId) ?? [];
    group.push(thread);
    groups.set(thread.sectionId, group);
  }
  const keyOf = (thread: Thread) => {
    const place = places.get(thread.id);
    return place?.state === "anchored" ? place.key : null;
  };
  for (const group of groups.values()) {
    // Threads arrive oldest first, and the sort is stable: ties stay in that order.
    group.sort((a, b) => compareDocumentOrder(keyOf(a), keyOf(b)));
  }
  return groups;
}

/** Proposals per delegation: open, accepted, rejected. */
function DelegationSummary({ counts }: { counts: DiscussionCounts }) {
  const entries = Object.entries(counts.proposalsByDelegation).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <div className="delegation-summary" data-testid="delegation-summary">
      <h3 className="delegation-summary__heading">Proposals by delegation</h3>
      <ul className="delegation-summary__list">
        {entries.map(([delegation, tally]) => (
          <li key={delegation}>
            <DelegationChip delegation={delegation} />{" "}
            <span className="muted">
              {tally.open} open · {tally.accepted} accepted · {tally.rejected} rejected
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A penholder's own last keystrokes may still be on their way to the server
 * when they comment on them: the server then cannot find the anchor yet, so
 * ask once more a moment later.
 */
async function withAnchorRetry<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400 || !error.message.includes("reached the server")) {
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    return send();
  }
}

function PendingThreadCard({
  pending,
  draftId,
  people,
  store,
}: {
  pending: PendingThread;
  draftId: string;
  people: readonly Mentionable[];
  store: DiscussionStore;
}) {
  const titleId = useId();
  const { sectionId, anchor } = pending;
  const created = (thread: Thread) => {
    store.cancelPending();
    store.activate(thread.id, { revealCard: true });
  };
  return (
    <article className="thread-card thread-card--pending thread-card--active" aria-labelledby={titleId}>
      <header className="thread-card__header">
        <span className="thread-card__kind" id={titleId}>
          {pending.kind === "comment" ? "New comment" : "Propose a change"}
        </span>
      </header>
      <p className="thread-card__quote thread-card__quote--static">
        {pending.quote ? <q>{pending.quote}</q> : <span className="muted">Insertion at the caret</span>}
      </p>
      {pending.kind === "comment" ? (
        <CommentComposer
          label="Comment"
          placeholder="Comment… (@ to mention)"
          people={people}
          submitLabel="Comment"
          autoFocus
          inputTestId="comment-input"
          submitTestId="submit-thread"
          onCancel={() => store.cancelPending()}
          onSubmit={async (body, mentions) => {
            const thread = await withAnchorRetry(() =>
              discussionApi.createThread(draftId, {
                sectionId,
                anchor,
                body,
                ...(mentions.length > 0 && { mentions }),
              }),
            );
            created(thread);
          }}
        />
      ) : (
        <ProposalComposer
          quote={pending.quote}
          onCancel={() => store.cancelPending()}
          onSubmit={async (replacement, rationale) => {
            const thread = await withAnchorRetry(() =>
              discussionApi.createProposal(draftId, {
                sectionId,
                anchor,
                replacement,
                ...(rationale !== "" && { rationale }),
              }),
            );
            created(thread);
          }}
        />
      )}
    </article>
  );
}

/** `/drafts/<id>#thread-<threadId>` (a mention's link) opens that thread once its text is there. */
function useOpenThreadFromAddress(
  editors: DiscussionEditors,
  threads: readonly Thread[],
  places: Map<string, ThreadPlace>,
): void {
  const wanted = useRef<string | null>(/^#thread-([A-Za-z0-9_-]+)$/.exec(window.location.hash)?.[1] ?? null);
  useEffect(() => {
    const id = wanted.current;
    if (!id) return;
    const thread = threads.find((entry) => entry.id === id);
    const place = places.get(id);
    if (!thread || !place || place.state === "loading") return;
    wanted.current = null;
    editors.activate(id, { scrollText: true, revealCard: true });
  }, [editors, threads, places]);
}
