import type { EditorView } from "@tiptap/pm/view";
import type { Thread } from "../../shared/discussion.ts";
import { documentOrderKey, sectionFragment } from "../../shared/discussionAnchors.ts";
import { paragraphNumberAt } from "../editor/ParagraphNumbers.ts";
import { SectionViews } from "../editor/SectionViews.ts";
import { anchorRange, selectionAnchor, syncStateOf } from "./anchors.ts";
import type {
  DiscussionSnapshot,
  DiscussionStore,
  SelectionInfo,
  ThreadKindChoice,
  ThreadPlace,
} from "./DiscussionStore.ts";

/** The transaction meta that makes the highlight plugin redraw. */
export const REDRAW_META = "plenaryDiscussionRedraw";

/** How long the text may change before the threads' order and places are recomputed (a few times a second while people type). */
const TEXT_SETTLE_MS = 150;

/**
 * The discussion's bridge to the section editors of a page: the editor views
 * (registered by the highlight plugin), where each thread is in its text,
 * the browser's selection, scrolling to a thread's words, and redrawing the
 * highlights when the store's threads, active thread or composer change.
 */
export class DiscussionEditors {
  private readonly views = new SectionViews(REDRAW_META);
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private drawn: DiscussionSnapshot;

  constructor(readonly store: DiscussionStore) {
    this.drawn = store.getSnapshot();
    store.subscribe(() => {
      const next = store.getSnapshot();
      if (drawsDifferently(this.drawn, next)) this.views.redraw();
      this.drawn = next;
    });
  }

  /** A section's editor view appeared (from the highlight plugin); returns its removal. */
  attachView(sectionId: string, view: EditorView): () => void {
    const detach = this.views.attach(sectionId, view);
    const doc = syncStateOf(view.state)?.doc ?? null;
    const onText = () => this.textChanged();
    doc?.on("update", onText);
    this.textChanged();
    return () => {
      doc?.off("update", onText);
      detach();
      if (this.store.getSnapshot().selection?.sectionId === sectionId) this.store.setSelection(null);
    };
  }

  viewOf(sectionId: string): EditorView | null {
    return this.views.get(sectionId);
  }

  private textChanged(): void {
    if (this.textTimer !== undefined) return;
    this.textTimer = setTimeout(() => {
      this.textTimer = undefined;
      this.store.textChanged();
    }, TEXT_SETTLE_MS);
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
    const next = selectionInfo(sectionId, view);
    // An editor that holds no selection only clears its own.
    if (next === null && this.store.getSnapshot().selection?.sectionId !== sectionId) return;
    this.store.setSelection(next);
  }

  /**
   * After the browser's selection moved (selectionchange): report it for the
   * editor it is in, or forget it when it left every editor.
   */
  syncSelectionFromDom(): void {
    const dom = document.getSelection();
    for (const [sectionId, view] of this.views.entries()) {
      if (dom?.anchorNode && view.dom.contains(dom.anchorNode)) {
        this.reportSelection(sectionId, view);
        return;
      }
    }
    this.store.clearSelection();
  }

  /**
   * Opens the composer on the current selection. Returns why it cannot, if it
   * cannot (the selection spans paragraphs, the text is loading…).
   */
  startThread(kind: ThreadKindChoice): string | null {
    const selection = this.store.getSnapshot().selection;
    const view = selection ? this.views.get(selection.sectionId) : null;
    if (!selection || !view) return "Select some text first.";
    const { from, to } = visibleRange(view);
    if (from === to && kind === "comment") return "Select the words to comment on.";
    const anchored = selectionAnchor(view.state, from, to);
    if (!anchored.ok) return anchored.reason;
    this.store.openPending({
      kind,
      sectionId: selection.sectionId,
      anchor: anchored.anchor,
      quote: anchored.quote,
      top: selection.top,
    });
    return null;
  }

  // ------------------------------------------------------------ active thread

  /**
   * Makes a thread the active one: its text is marked more strongly, its card
   * opens. `scrollText` brings its text into view, `revealCard` its card.
   */
  activate(threadId: string | null, options: { scrollText?: boolean; revealCard?: boolean } = {}): void {
    this.store.activate(threadId, options);
    if (threadId && options.scrollText) this.scrollToThread(threadId);
  }

  /** Scrolls the page so that the thread's text is in view; false when it has no text to show. */
  scrollToThread(threadId: string): boolean {
    const thread = this.store.threadById(threadId);
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

/** Whether the highlights drawn for `before` may differ from those for `after`. */
export function drawsDifferently(before: DiscussionSnapshot, after: DiscussionSnapshot): boolean {
  return (
    before.threads !== after.threads ||
    before.activeThreadId !== after.activeThreadId ||
    before.showResolved !== after.showResolved ||
    before.keptThreadId !== after.keptThreadId ||
    before.pending !== after.pending
  );
}

/**
 * The selected range as the person sees it. The editor reads the browser's
 * selection on "selectionchange", which arrives a task later: a shortcut
 * pressed right after Shift+arrows would otherwise take the words selected
 * one key earlier. Read with the editor's own DOM-to-position mapping.
 */
function visibleRange(view: EditorView): { from: number; to: number } {
  const dom = document.getSelection();
  if (dom?.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode) && view.dom.contains(dom.focusNode)) {
    try {
      const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset, -1);
      const head = view.posAtDOM(dom.focusNode, dom.focusOffset, -1);
      return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
    } catch {
      // A node the editor does not map (a widget): its own state is the best there is.
    }
  }
  return view.state.selection;
}

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
