import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";

type Granularity = "character" | "word" | "line" | "lineboundary";

/**
 * Reading and selecting a read-only section with the keyboard, as in an
 * editable one: the text takes the focus (it has a tab stop when read-only,
 * see SectionEditor), the arrows move a caret, Shift extends the selection,
 * Ctrl moves by word, Home/End go to the line's ends and Ctrl+Home/End to the
 * section's. The browser's own selection is moved, so ProseMirror reads it as
 * it reads a mouse selection, and Comment (Ctrl+Alt+M) and Propose change work
 * on it.
 *
 * Only while not editable: an editable section is ProseMirror's.
 */
export const ReadOnlyNavigation = Extension.create({
  name: "readOnlyNavigation",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("readOnlyNavigation"),
        props: {
          handleDOMEvents: {
            focus: (view) => {
              if (!view.editable && !selectionInside(view)) collapseAtEdge(view, "start");
              return false;
            },
            keydown: (view, event) => {
              if (view.editable || event.altKey) return false;
              return moveSelection(view, event);
            },
          },
        },
      }),
    ];
  },
});

function selectionInside(view: EditorView): boolean {
  const selection = document.getSelection();
  return selection?.anchorNode ? view.dom.contains(selection.anchorNode) : false;
}

function moveSelection(view: EditorView, event: KeyboardEvent): boolean {
  const selection = document.getSelection();
  if (!selection) return false;
  const mod = event.ctrlKey || event.metaKey;
  if (!selectionInside(view)) collapseAtEdge(view, "start");
  if (mod && (event.key === "Home" || event.key === "End")) {
    const edge = event.key === "Home" ? "start" : "end";
    if (event.shiftKey) extendToEdge(view, edge);
    else collapseAtEdge(view, edge);
    event.preventDefault();
    return true;
  }
  if (mod && event.key.toLowerCase() === "a") {
    const first = textNodes(view)[0];
    const last = textNodes(view).at(-1);
    if (first && last) selection.setBaseAndExtent(first, 0, last, last.length);
    event.preventDefault();
    return true;
  }
  const moves: Record<string, [direction: "backward" | "forward", granularity: Granularity]> = {
    ArrowLeft: ["backward", mod ? "word" : "character"],
    ArrowRight: ["forward", mod ? "word" : "character"],
    ArrowUp: ["backward", "line"],
    ArrowDown: ["forward", "line"],
    Home: ["backward", "lineboundary"],
    End: ["forward", "lineboundary"],
  };
  const move = moves[event.key];
  if (!move) return false;
  selection.modify(event.shiftKey ? "extend" : "move", move[0], move[1]);
  // Never out of the section: the next section has its own tab stop.
  if (!selectionInside(view) || (selection.focusNode && !view.dom.contains(selection.focusNode))) {
    collapseAtEdge(view, move[0] === "backward" ? "start" : "end");
  }
  event.preventDefault();
  return true;
}

/** The section's text nodes, without widgets (other people's carets, inline proposals). */
function textNodes(view: EditorView): Text[] {
  const walker = document.createTreeWalker(view.dom, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const widget = node.parentElement?.closest('[contenteditable="false"]');
      return widget && widget !== view.dom ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

function collapseAtEdge(view: EditorView, edge: "start" | "end"): void {
  const nodes = textNodes(view);
  const node = edge === "start" ? nodes[0] : nodes.at(-1);
  if (!node) return;
  document.getSelection()?.collapse(node, edge === "start" ? 0 : node.length);
}

function extendToEdge(view: EditorView, edge: "start" | "end"): void {
  const nodes = textNodes(view);
  const node = edge === "start" ? nodes[0] : nodes.at(-1);
  if (!node) return;
  document.getSelection()?.extend(node, edge === "start" ? 0 : node.length);
}
