import type { EditorView } from "@tiptap/pm/view";

/**
 * The editor views of a page's sections, as a plugin that draws from a store
 * registers them, so that the store can have them all redraw at once.
 */
export class SectionViews {
  private readonly views = new Map<string, EditorView>();
  private redrawQueued = false;

  /** `redrawMeta`: the transaction meta the plugin reads as "draw again". */
  constructor(private readonly redrawMeta: string) {}

  /** A section's editor view appeared; returns its removal (a newer view of the section stays). */
  attach(sectionId: string, view: EditorView): () => void {
    this.views.set(sectionId, view);
    return () => {
      if (this.views.get(sectionId) === view) this.views.delete(sectionId);
    };
  }

  get(sectionId: string): EditorView | null {
    return this.views.get(sectionId) ?? null;
  }

  entries(): IterableIterator<[string, EditorView]> {
    return this.views.entries();
  }

  /** Asks every view to draw again, once however often it is asked before the next microtask. */
  redraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    // Never dispatch from inside another editor transaction.
    queueMicrotask(() => {
      this.redrawQueued = false;
      for (const view of this.views.values()) {
        if (view.isDestroyed) continue;
        view.dispatch(view.state.tr.setMeta(this.redrawMeta, true).setMeta("addToHistory", false));
      }
    });
  }
}
