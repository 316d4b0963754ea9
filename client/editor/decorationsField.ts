import type { EditorState, StateField } from "@tiptap/pm/state";
import type { DecorationSet } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

/**
 * A plugin's decorations drawn from a store outside the editor: drawn afresh
 * when the store asks (a transaction carrying `redrawMeta`) or when a change
 * came from the Yjs side (someone else's edit, the first sync, which also
 * updates the binding's mapping), and mapped through the person's own edits
 * otherwise.
 */
export function decorationsField(
  redrawMeta: string,
  draw: (state: EditorState) => DecorationSet,
): StateField<DecorationSet> {
  return {
    init: (_config, state) => draw(state),
    apply(tr, previous, _oldState, newState) {
      const fromYjs = (ySyncPluginKey.getState(newState) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
      if (tr.getMeta(redrawMeta) || fromYjs) return draw(newState);
      return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous;
    },
  };
}
