import type { EditorView } from "@tiptap/pm/view";
import { draftProgressOf } from "../../shared/cleanShare.ts";
import type { Bracket, DraftProgress, SectionProgress, SilenceProcedure } from "../../shared/negotiation.ts";
import { SectionViews } from "../editor/SectionViews.ts";

export interface NegotiationSnapshot {
  brackets: Bracket[];
  silence: SilenceProcedure | null;
  /** Each section's figures as the server last measured them, by section id. */
  progress: Record<string, SectionProgress>;
  /** The draft document has synced once. */
  loaded: boolean;
  /** The bracket whose card is open (clicked in the text or in the list). */
  activeBracketId: string | null;
  /** Bumped when the active bracket's card should be brought into view. */
  cardRequest: number;
}

/** The transaction meta that makes the bracket plugin redraw. */
export const BRACKET_REDRAW_META = "plenaryBracketRedraw";

/**
 * The negotiation of one draft page outside React: brackets, the latest
 * silence procedure and the progress figures, read live from the server-written
 * `draft:` document. Section editors draw the brackets from it; components
 * subscribe with `useSyncExternalStore`.
 */
export class NegotiationStore {
  private snapshot: NegotiationSnapshot = {
    brackets: [],
    silence: null,
    progress: {},
    loaded: false,
    activeBracketId: null,
    cardRequest: 0,
  };
  private readonly listeners = new Set<() => void>();
  private readonly views = new SectionViews(BRACKET_REDRAW_META);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NegotiationSnapshot => this.snapshot;

  set(change: Pick<NegotiationSnapshot, "brackets" | "silence" | "progress" | "loaded">): void {
    const bracketsChanged = JSON.stringify(change.brackets) !== JSON.stringify(this.snapshot.brackets);
    const silenceChanged = JSON.stringify(change.silence) !== JSON.stringify(this.snapshot.silence);
    const progressChanged = JSON.stringify(change.progress) !== JSON.stringify(this.snapshot.progress);
    if (!bracketsChanged && !silenceChanged && !progressChanged && change.loaded === this.snapshot.loaded) return;
    this.update({
      ...(bracketsChanged && { brackets: change.brackets }),
      ...(silenceChanged && { silence: change.silence }),
      ...(progressChanged && { progress: change.progress }),
      loaded: change.loaded,
    });
    if (bracketsChanged) this.views.redraw();
  }

  activate(bracketId: string | null, options: { revealCard?: boolean } = {}): void {
    this.update({
      activeBracketId: bracketId,
      ...(options.revealCard && { cardRequest: this.snapshot.cardRequest + 1 }),
    });
    this.views.redraw();
  }

  openBracketsOf(sectionId: string): Bracket[] {
    return this.snapshot.brackets.filter((bracket) => bracket.sectionId === sectionId && bracket.status === "open");
  }

  /** The draft's figures over the sections shown, in reading order. */
  draftProgress(sectionIds: readonly string[]): DraftProgress {
    return draftProgressOf(
      sectionIds.flatMap((id) => (this.snapshot.progress[id] ? [this.snapshot.progress[id]] : [])),
    );
  }

  attachView(sectionId: string, view: EditorView): () => void {
    return this.views.attach(sectionId, view);
  }

  viewOf(sectionId: string): EditorView | null {
    return this.views.get(sectionId);
  }

  private update(change: Partial<NegotiationSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
