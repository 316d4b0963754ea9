import type { Thread } from "../../shared/discussion.ts";
import type { Anchor } from "../../shared/discussionAnchors.ts";

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
 * The discussion of one draft page as state, outside React and the editors:
 * the threads read live from `discussion:<draftId>`, which thread is active,
 * what is selected and what is being written. Components subscribe with
 * `useSyncExternalStore`; the editors follow it through `DiscussionEditors`.
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

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DiscussionSnapshot => this.snapshot;

  private update(change: Partial<DiscussionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  setThreads(threads: Thread[], loaded: boolean, offlineCopyAt: number | null = null): void {
    this.update({ threads, loaded, offlineCopyAt });
  }

  threadsOf(sectionId: string): Thread[] {
    return this.snapshot.threads.filter((thread) => thread.sectionId === sectionId);
  }

  threadById(threadId: string): Thread | null {
    return this.snapshot.threads.find((thread) => thread.id === threadId) ?? null;
  }

  /** Whether a thread is listed (and its text marked): open ones always, settled ones when asked for. */
  isShown(thread: Thread): boolean {
    const { showResolved, keptThreadId } = this.snapshot;
    return thread.status === "open" || showResolved || thread.id === keptThreadId;
  }

  setShowResolved(showResolved: boolean): void {
    this.update({ showResolved });
  }

  /** After the viewer resolved, accepted or rejected a thread: keep it in view, active. */
  keep(threadId: string): void {
    this.update({ keptThreadId: threadId, activeThreadId: threadId });
  }

  /** A section's text changed: the threads' order and places are due again. */
  textChanged(): void {
    this.update({ textVersion: this.snapshot.textVersion + 1 });
  }

  // ------------------------------------------------------------ selection

  /** The selection the floating buttons act on; unchanged positions are not news. */
  setSelection(selection: SelectionInfo | null): void {
    if (sameSelection(this.snapshot.selection, selection)) return;
    this.update({ selection });
  }

  clearSelection(): void {
    if (this.snapshot.selection) this.update({ selection: null });
  }

  /** Opens the composer for a thread whose place was fixed from the selection. */
  openPending(pending: PendingThread): void {
    this.update({ pending, selection: null, activeThreadId: null });
  }

  cancelPending(): void {
    if (this.snapshot.pending) this.update({ pending: null });
  }

  // ------------------------------------------------------------ active thread

  /** Makes a thread the active one; `revealCard` brings its card into view. */
  activate(threadId: string | null, options: { revealCard?: boolean } = {}): void {
    const change: Partial<DiscussionSnapshot> = { activeThreadId: threadId };
    if (options.revealCard) change.cardRequest = this.snapshot.cardRequest + 1;
    if (threadId !== this.snapshot.activeThreadId || options.revealCard) this.update(change);
  }
}

/** Whether two selections would show the floating buttons at the same place for the same reasons. */
export function sameSelection(a: SelectionInfo | null, b: SelectionInfo | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.sectionId === b.sectionId &&
    a.empty === b.empty &&
    a.problem === b.problem &&
    Math.round(a.top) === Math.round(b.top) &&
    Math.round(a.left) === Math.round(b.left)
  );
}
