import { useEffect, useMemo, useState } from "react";
import { draftProgressOf } from "../../shared/cleanShare.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { SectionMeta, User } from "../../shared/types.ts";
import type { DiscussionEditors } from "../discussion/DiscussionEditors.ts";
import { BracketCard } from "./BracketCard.tsx";
import { BracketComposer, captureSelection, type PendingBracket } from "./BracketComposer.tsx";
import type { NegotiationStore } from "./NegotiationStore.ts";
import { ProgressFigures } from "./ProgressFigures.tsx";
import { SilencePanel } from "./SilencePanel.tsx";
import { useNegotiationSnapshot } from "./useNegotiation.ts";

interface NegotiationPanelProps {
  store: NegotiationStore;
  discussion: DiscussionEditors;
  draftId: string;
  /** The draft's sections in reading order. */
  sections: SectionMeta[];
  actor: Actor;
  user: User;
}

/** Ctrl+Alt+B (⌘+Option+B on a Mac) brackets the selected words. */
function isBracketShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && event.code === "KeyB";
}

/**
 * The negotiation of the draft, above its text: how clean it is, the silence
 * procedure, and the brackets with their options.
 */
export function NegotiationPanel({ store, discussion, draftId, sections, actor, user }: NegotiationPanelProps) {
  const snapshot = useNegotiationSnapshot(store);
  const [pending, setPending] = useState<PendingBracket | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const frozen = snapshot.silence?.status === "running";
  const sectionIds = useMemo(() => sections.map((section) => section.id), [sections]);
  const progress = useMemo(
    () => draftProgressOf(sectionIds.flatMap((id) => (snapshot.progress[id] ? [snapshot.progress[id]] : []))),
    [sectionIds, snapshot.progress],
  );
  const numberOf = useMemo(() => new Map(sections.map((section, index) => [section.id, index + 1])), [sections]);
  const sectionById = useMemo(() => new Map(sections.map((section) => [section.id, section])), [sections]);
  const mayBracketSomewhere = sections.some((section) => can(actor, Actions.bracketText, { ...section, frozen }));

  const start = () => {
    const captured = captureSelection(discussion);
    if (typeof captured === "string") {
      setProblem(captured);
      return;
    }
    const section = sectionById.get(captured.sectionId);
    if (!section || !can(actor, Actions.bracketText, { ...section, frozen })) {
      setProblem("Only the section's penholders and the group's leads can bracket its text.");
      return;
    }
    setProblem(null);
    setPending(captured);
  };

  useEffect(() => {
    if (!mayBracketSomewhere) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isBracketShortcut(event)) return;
      event.preventDefault();
      start();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  });

  const live = snapshot.brackets.filter((bracket) => numberOf.has(bracket.sectionId));
  const open = live.filter((bracket) => bracket.status === "open");
  const resolved = live.filter((bracket) => bracket.status === "resolved");
  const label = (sectionId: string) => `Section ${numberOf.get(sectionId) ?? "?"}`;

  return (
    <section className="negotiation-panel" aria-label="Negotiation" data-testid="negotiation-panel">
      <div className="negotiation-panel__summary">
        {snapshot.loaded && Object.keys(snapshot.progress).length > 0 && (
          <ProgressFigures
            cleanShare={progress.cleanShare}
            openBrackets={progress.openBrackets}
            testId="draft-progress"
          />
        )}
        {mayBracketSomewhere && (
          <button
            type="button"
            className="button button--small"
            data-testid="bracket-selection"
            aria-keyshortcuts="Control+Alt+B"
            title="Put the selected words in square brackets (Ctrl+Alt+B)"
            // Keep the selection in the text while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={start}
          >
            [ ] Bracket selected text
          </button>
        )}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <SilencePanel
        draftId={draftId}
        silence={snapshot.silence}
        actor={actor}
        user={user}
        openBrackets={progress.openBrackets}
      />
      {pending && (
        <BracketComposer
          draftId={draftId}
          pending={pending}
          sectionLabel={label(pending.sectionId)}
          onDone={() => setPending(null)}
        />
      )}
      {open.length > 0 && (
        <div className="negotiation-panel__brackets">
          <h2 className="negotiation-panel__heading">Open brackets</h2>
          {open.map((bracket) => {
            const section = sectionById.get(bracket.sectionId);
            return (
              <BracketCard
                key={bracket.id}
                bracket={bracket}
                sectionLabel={label(bracket.sectionId)}
                delegation={user.delegation}
                canNegotiate={!frozen && can(actor, Actions.negotiate)}
                canResolve={section !== undefined && can(actor, Actions.bracketText, { ...section, frozen })}
                active={snapshot.activeBracketId === bracket.id}
                cardRequest={snapshot.cardRequest}
                onActivate={() => {
                  if (snapshot.activeBracketId !== bracket.id) store.activate(bracket.id);
                }}
              />
            );
          })}
        </div>
      )}
      {resolved.length > 0 && (
        <div className="negotiation-panel__brackets">
          <button
            type="button"
            className="button button--quiet button--small"
            aria-expanded={showResolved}
            onClick={() => setShowResolved((value) => !value)}
            data-testid="show-resolved-brackets"
          >
            {showResolved ? "Hide" : "Show"} {resolved.length} resolved bracket{resolved.length === 1 ? "" : "s"}
          </button>
          {showResolved &&
            resolved.map((bracket) => (
              <BracketCard
                key={bracket.id}
                bracket={bracket}
                sectionLabel={label(bracket.sectionId)}
                delegation={user.delegation}
                canNegotiate={false}
                canResolve={false}
                active={false}
                cardRequest={0}
                onActivate={() => undefined}
              />
            ))}
        </div>
      )}
    </section>
  );
}
