import type { EditorView } from "@tiptap/pm/view";
import type { Thread } from "../../shared/discussion.ts";
import { type Anchor, documentOrderKey, sectionFragment } from "../../shared/discussionAnchors.ts";
import { paragraphNumberAt } from "../editor/ParagraphNumbers.ts";
import { anchorRange, selectionAnchor, syncStateOf } from "./anchors.ts";

export type ThreadKindChoice = "comment" | "proposal";

/** Where the person's selection is, for the floating Comment / Propose buttons. */
export interface SelectionInfo {
  sectionId: string;
  /** An insertion point rather than a range. */
  empty: boolean;
  /** Why this selection cannot be discussed, if it cannot. */
  problem: string | null;
  /** Page coordinates just below the end of the selection. */
  top: number;
  left: number;
}

/** A thread being written: its place is fixed when the composer opens. */
export interface PendingThread {
  kind: ThreadKindChoice;
  sectionId: string;
  anchor: Anchor;
  quote: string;
  /** Page coordinate just below the selection, where a narrow screen shows the composer. */
  top: number;
}

export interface DiscussionSnapshot {
  threads: Thread[];
  /** The discussion document has synced once, or was read from the device's copy. */
  loaded: boolean;
  /** While the threads shown are the device's copy: when it was last in step with the server. */
  offlineCopyAt: number | null;
  activeThreadId: string | null;
  /** Show resolved threads and settled proposals too. */
  showResolved: boolean;
  /** A thread the viewer just settled: it stays in view, settled, until they settle another. */
  keptThreadId: string | null;
  /** Bumped each time the active thread's card should be brought into view. */
  cardRequest: number;
  pending: PendingThread | null;
  selection: SelectionInfo | null;
  /** Bumped when a section's text changed: order and detached threads may have changed. */
  textVersion: number;
}

/** What the sidebar knows of a thread's place in its section. */
export type ThreadPlace = { state: "loading" } | { state: "detached" } | { state: "anchored"; key: number[] };

/**
 * The discussion of one draft page, outside React: the threads read live from
 * `discussion:<draftId>`, the section editors that show them, which thread is
 * active and what is being written. Editors read it from their highlight
 * plugin; components subscribe with `useSyncExternalStore`.
 */
export class DiscussionStore {
  private snapshot: DiscussionSnapshot = {
    threads: [],
    loaded: false,
    offlineCopyAt: null,
    activeThreadId: null,
    showResolved: false,
    keptThreadId: null,
    cardRequest: 0,
    pending: null,
    selection: null,
    textVersion: 0,
  };
  private readonly listeners = new Set<() => void>();
  private readonly views = new Map<string, EditorView>();
  private refreshQueued = false;
  private textTimer: ReturnType<typeof setTimeout> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DiscussionSnapshot => this.snapshot;

  private update(change: Partial<DiscussionSnapshot>, { redraw }: { redraw: boolean }): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
    if (redraw) this.redrawEditors();
  }

  setThreads(threads: Thread[], loaded: boolean, offlineCopyAt: number | null = null): void {
    this.update({ threads, loaded, offlineCopyAt }, { redraw: true });
  }

  threadsOf(sectionId: string): Thread[] {
    return this.snapshot.threads.filter((thread) => thread.sectionId === sectionId);
  }

  /** Whether a thread is listed (and its text marked): open ones always, settled ones when asked for. */
  isShown(thread: Thread): boolean {
    const { showResolved, keptThreadId } = this.snapshot;
    return thread.status === "open" || showResolved || thread.id === keptThreadId;
  }

  setShowResolved(showResolved: boolean): void {
    this.update({ showResolved }, { redraw: true });
  }

  /** After the viewer resolved, accepted or rejected a thread: keep it in view, active. */
  keep(threadId: string): void {
    this.update({ keptThreadId: threadId, activeThreadId: threadId }, { redraw: true });
  }

  // ------------------------------------------------------------ editors

  /** A section's editor view appeared (from the highlight plugin); returns its removal. */
  attachView(sectionId: string, view: EditorView): () => void {
    this.views.set(sectionId, view);
    const doc = syncStateOf(view.state)?.doc ?? null;
    const onText = () => this.textChanged();
    doc?.on("update", onText);
    this.textChanged();
    return () => {
      doc?.off("update", onText);
      if (this.views.get(sectionId) === view) this.views.delete(sectionId);
      if (this.snapshot.selection?.sectionId === sectionId) this.update({ selection: null }, { redraw: false });
    };
  }

  viewOf(sectionId: string): EditorView | null {
    return this.views.get(sectionId) ?? null;
  }

  /** Order and detachment are recomputed at most a few times a second while people type. */
  private textChanged(): void {
    if (this.textTimer !== undefined) return;
    this.textTimer = setTimeout(() => {
      this.textTimer = undefined;
      this.update({ textVersion: this.snapshot.textVersion + 1 }, { redraw: false });
    }, 150);
  }

  /** Asks every editor to draw its highlights again (after the threads or the active one changed). */
  private redrawEditors(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    // Never dispatch from inside another editor transaction.
    queueMicrotask(() => {
      this.refreshQueued = false;
      for (const view of this.views.values()) {
        if (view.isDestroyed) continue;
        view.dispatch(view.state.tr.setMeta(REDRAW_META, true).setMeta("addToHistory", false));
      }
    });
  }

  /** The paragraph number (3.2) of the thread's anchor, as the section's margin shows it. */
  paragraphOf(thread: Thread): string | null {
    const view = this.views.get(thread.sectionId);
    if (!view || view.isDestroyed) return null;
    const range = anchorRange(view.state, thread.anchor);
    return range ? paragraphNumberAt(view.state, range.from) : null;
  }

  /** Where a thread is in its section now. */
  placeOf(thread: Thread): ThreadPlace {
    const view = this.views.get(thread.sectionId);
    const doc = view ? syncStateOf(view.state)?.doc : null;
    // An empty section document has not arrived yet: a thread needs text.
    if (!doc || sectionFragment(doc).length === 0) return { state: "loading" };
    const key = documentOrderKey(doc, thread.anchor);
    return key ? { state: "anchored", key } : { state: "detached" };
  }

  // ------------------------------------------------------------ selection

  /** The highlight plugin reports each selection change of its editor. */
  reportSelection(sectionId: string, view: EditorView): void {
    const current = this.snapshot.selection;
    const next = selectionInfo(sectionId, view);
    if (next === null && current?.sectionId !== sectionId) return;
    if (sameSelection(current, next)) return;
    this.update({ selection: next }, { redraw: false });
  }

  /**
   * After the browser's selection moved (selectionchange): report it for the
   * editor it is in, or forget it when it left every editor.
   */
  syncSelectionFromDom(): void {
    const dom = document.getSelection();
    for (const [sectionId, view] of this.views) {
      if (dom?.anchorNode && view.dom.contains(dom.anchorNode)) {
        this.reportSelection(sectionId, view);
        return;
      }
    }
    this.clearSelection();
  }

  clearSelection(): void {
    if (this.snapshot.selection) this.update({ selection: null }, { redraw: false });
  }

  /**
   * Opens the composer on the current selection. Returns why it cannot, if it
   * cannot (the selection spans paragraphs, the text is loading…).
   */
  startThread(kind: ThreadKindChoice): string | null {
    const selection = this.snapshot.selection;
    const view = selection ? this.views.get(selection.sectionId) : null;
    if (!selection || !view) return "Select some text first.";
    const { from, to } = view.state.selection;
    if (from === to && kind === "comment") return "Select the words to comment on.";
    const anchored = selectionAnchor(view.state, from, to);
    if (!anchored.ok) return anchored.reason;
    this.update(
      {
        pending: {
          kind,
          sectionId: selection.sectionId,
          anchor: anchored.anchor,
          quote: anchored.quote,
          top: selection.top,
        },
        selection: null,
        activeThreadId: null,
      },
      { redraw: true },
    );
    return null;
  }

  cancelPending(): void {
    if (this.snapshot.pending) this.update({ pending: null }, { redraw: true });
  }

  // ------------------------------------------------------------ active thread

  /**
   * Makes a thread the active one: its text is marked more strongly, its card
   * opens. `scrollText` brings its text into view, `revealCard` its card.
   */
  activate(threadId: string | null, options: { scrollText?: boolean; revealCard?: boolean } = {}): void {
    const change: Partial<DiscussionSnapshot> = { activeThreadId: threadId };
    if (options.revealCard) change.cardRequest = this.snapshot.cardRequest + 1;
    if (threadId !== this.snapshot.activeThreadId || options.revealCard) this.update(change, { redraw: true });
    if (threadId && options.scrollText) this.scrollToThread(threadId);
  }

  /** Scrolls the page so that the thread's text is in view; false when it has no text to show. */
  scrollToThread(threadId: string): boolean {
    const thread = this.snapshot.threads.find((entry) => entry.id === threadId);
    const view = thread ? this.views.get(thread.sectionId) : null;
    if (!thread || !view) return false;
    const range = anchorRange(view.state, thread.anchor);
    if (!range) {
      view.dom.closest("section")?.scrollIntoView({ block: "start" });
      return false;
    }
    try {
      const coords = view.coordsAtPos(range.from);
      const top = coords.top + window.scrollY - window.innerHeight / 3;
      window.scrollTo({ top: Math.max(0, top) });
    } catch {
      view.dom.scrollIntoView({ block: "center" });
    }
    return true;
  }
}

/** The transaction meta that makes the highlight plugin redraw. */
export const REDRAW_META = "plenaryDiscussionRedraw";

function selectionInfo(sectionId: string, view: EditorView): SelectionInfo | null {
  // A read-only editor keeps its last selection when the person clicks
  // elsewhere; only a selection the browser still shows in it counts.
  const dom = document.getSelection();
  if (!dom?.anchorNode || !view.dom.contains(dom.anchorNode)) return null;
  const { from, to, empty } = view.state.selection;
  // Someone who can type proposes by typing; a caret alone offers nothing to them.
  if (empty && view.editable) return null;
  const anchored = selectionAnchor(view.state, from, to);
  let coords: { bottom: number; left: number };
  try {
    coords = view.coordsAtPos(to);
  } catch {
    return null;
  }
  return {
    sectionId,
    empty,
    problem: anchored.ok ? null : anchored.reason,
    top: coords.bottom + window.scrollY + 6,
    left: coords.left + window.scrollX,
  };
}

function sameSelection(a: SelectionInfo | null, b: SelectionInfo | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.sectionId === b.sectionId &&
    a.empty === b.empty &&
    a.problem === b.problem &&
    Math.round(a.top) === Math.round(b.top) &&
    Math.round(a.left) === Math.round(b.left)
  );
}
