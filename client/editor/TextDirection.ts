import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

const BLOCK_TYPES = new Set(["paragraph", "heading", "listItem", "blockquote"]);

/**
 * Renders every text block with `dir="auto"`, so a paragraph typed in Arabic
 * reads right to left beside English ones. It is a decoration, not a node
 * attribute: nothing is added to the schema or stored in the shared document,
 * so the editor schema version stays the same.
 */
export const TextDirection = Extension.create({
  name: "blockTextDirection",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("blockTextDirection"),
        state: {
          init: (_config, state) => decorate(state.doc),
          apply: (transaction, previous) => (transaction.docChanged ? decorate(transaction.doc) : previous),
        },
        props: {
          decorations(state) {
            return this.getState(state);
          },
        },
      }),
    ];
  },
});

function decorate(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, position) => {
    if (BLOCK_TYPES.has(node.type.name)) {
      decorations.push(Decoration.node(position, position + node.nodeSize, { dir: "auto" }));
    }
    // Text blocks hold only inline content; no need to walk into them.
    return !node.isTextblock;
  });
  return DecorationSet.create(doc, decorations);
}
