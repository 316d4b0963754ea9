import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import type { DiscussionEditors } from "./DiscussionEditors.ts";
import type { SelectionInfo } from "./DiscussionStore.ts";

/**
 * Ctrl+Alt+M (⌘+Option+M on a Mac) comments on the selection, as in other
 * editors; Ctrl+Alt+P proposes a change to it.
 */
function shortcutOf(event: KeyboardEvent): "comment" | "proposal" | null {
  if (!(event.ctrlKey || event.metaKey) || !event.altKey) return null;
  if (event.code === "KeyM") return "comment";
  if (event.code === "KeyP") return "proposal";
  return null;
}

/**
 * The small "Comment" / "Propose change" bar below a selection in any section,
 * editable or not. It keeps the selection: pressing it does not move the
 * focus out of the text.
 */
export function SelectionActions({
  editors,
  selection,
}: {
  editors: DiscussionEditors;
  selection: SelectionInfo | null;
}) {
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The editor reads the browser's selection first; look after it has.
    const onSelectionChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => editors.syncSelectionFromDom(), 0);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const kind = shortcutOf(event);
      if (!kind) return;
      const current = editors.store.getSnapshot().selection;
      if (!current) return;
      event.preventDefault();
      setProblem(editors.startThread(kind));
    };
    document.addEventListener("selectionchange", onSelectionChange);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onSelectionChange);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [editors]);

  // A new selection forgets the last complaint.
  const key = selection ? `${selection.sectionId}:${selection.top}:${selection.left}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the selection.
  useEffect(() => setProblem(null), [key]);

  if (!selection) return null;
  const message = selection.problem ?? problem;
  const left = Math.max(8, Math.min(selection.left - 16, window.scrollX + document.documentElement.clientWidth - 260));

  return createPortal(
    <div
      className="selection-actions"
      role="toolbar"
      aria-label="Discuss the selected text"
      style={{ top: selection.top, left }}
      data-testid="selection-actions"
      // Keep the selection in the text while a button is pressed.
      onMouseDown={(event) => event.preventDefault()}
    >
      {message ? (
        <span className="selection-actions__problem" role="status">
          {message}
        </span>
      ) : selection.empty ? (
        <button
          type="button"
          className="selection-actions__button"
          data-testid="propose-button"
          aria-keyshortcuts="Control+Alt+P"
          title="Propose insertion (Ctrl+Alt+P)"
          onClick={() => setProblem(editors.startThread("proposal"))}
        >
          Propose insertion here
        </button>
      ) : (
        <>
          <button
            type="button"
            className="selection-actions__button"
            data-testid="comment-button"
            aria-keyshortcuts="Control+Alt+M"
            title="Comment (Ctrl+Alt+M)"
            onClick={() => setProblem(editors.startThread("comment"))}
          >
            Comment
          </button>
          <button
            type="button"
            className="selection-actions__button"
            data-testid="propose-button"
            aria-keyshortcuts="Control+Alt+P"
            title="Propose change (Ctrl+Alt+P)"
            onClick={() => setProblem(editors.startThread("proposal"))}
          >
            Propose change
          </button>
        </>
      )}
    </div>,
    document.body,
  );
}
