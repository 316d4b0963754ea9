import type { HocuspocusProvider } from "@hocuspocus/provider";
import { Extension } from "@tiptap/core";
import type { EditorView } from "@tiptap/pm/view";

interface Options {
  provider: HocuspocusProvider | null;
}

/** ProseMirror's DOM observer; internal to prosemirror-view, so reached through a type guard. */
interface DomObserver {
  flush(): void;
}

function domObserverOf(view: EditorView): DomObserver | null {
  const observer: unknown = (view as unknown as { domObserver?: unknown }).domObserver;
  if (typeof observer !== "object" || observer === null) return null;
  return typeof (observer as { flush?: unknown }).flush === "function" ? (observer as DomObserver) : null;
}

/**
 * Makes ProseMirror read the caret the browser moved before a remote change is
 * applied.
 *
 * A caret move the browser handles itself (Ctrl+End, arrows, a click) reaches
 * ProseMirror on the next `selectionchange` event. If a remote edit arrives
 * first, the sync plugin keeps the selection ProseMirror still holds (the old
 * one) and writes it back to the page: the person's next words land where the
 * caret was before. Flushing the DOM observer when a message for this document
 * arrives, before the provider applies it, makes ProseMirror read the page's
 * selection (and any pending typing) as it would on the next event, so the
 * selection the sync plugin keeps is the one on the page.
 */
export const ReadSelectionFirst = Extension.create<Options>({
  name: "readSelectionFirst",

  addOptions() {
    return { provider: null };
  },

  onCreate() {
    const provider = this.options.provider;
    if (!provider) return;
    const flush = () => {
      const { editor } = this;
      if (editor.isDestroyed || !editor.view.hasFocus()) return;
      domObserverOf(editor.view)?.flush();
    };
    provider.on("message", flush);
    this.storage.off = () => provider.off("message", flush);
  },

  addStorage() {
    return { off: () => undefined } as { off: () => void };
  },

  onDestroy() {
    this.storage.off();
  },
});
