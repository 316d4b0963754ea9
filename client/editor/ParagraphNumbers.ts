import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { type NodeReader, numberSection } from "../../shared/text/numbering.ts";

/**
 * Where the editor reads its section number and the draft's setting, changed
 * by the page. A function: Tiptap copies plain option objects.
 */
export type NumberingSource = () => { section: string; enabled: boolean };

export const paragraphNumbersKey = new PluginKey<DecorationSet>("paragraphNumbers");

interface Placed {
  node: PMNode;
  pos: number;
}

const reader: NodeReader<Placed> = {
  type: (placed) => placed.node.type.name,
  children: (placed) => {
    const out: Placed[] = [];
    placed.node.forEach((child, offset) => {
      out.push({ node: child, pos: placed.pos + 1 + offset });
    });
    return out;
  },
  isEmpty: (placed) => placed.node.textContent.trim() === "",
};

function decorations(doc: PMNode, source: NumberingSource): DecorationSet {
  const { section, enabled } = source();
  if (!enabled) return DecorationSet.empty;
  const top: Placed[] = [];
  doc.forEach((child, offset) => {
    top.push({ node: child, pos: offset });
  });
  return DecorationSet.create(
    doc,
    numberSection(top, section, reader).map(({ node, label }) =>
      Decoration.node(node.pos, node.pos + node.node.nodeSize, { "data-paragraph-number": label }, { label }),
    ),
  );
}

/**
 * Shows each paragraph's computed number (3.1, 3.2(a)) in the margin, with the
 * rules every export and compare use. Never part of the text: it follows
 * typing, reordering of sections and the draft's setting live.
 */
export const ParagraphNumbers = Extension.create<{ source: NumberingSource }>({
  name: "paragraphNumbers",
  addOptions() {
    return { source: () => ({ section: "1", enabled: true }) };
  },
  addProseMirrorPlugins() {
    const source = this.options.source;
    return [
      new Plugin<DecorationSet>({
        key: paragraphNumbersKey,
        state: {
          init: (_, state) => decorations(state.doc, source),
          apply: (tr, previous, _old, state) =>
            tr.docChanged || tr.getMeta(paragraphNumbersKey) ? decorations(state.doc, source) : previous,
        },
        props: {
          decorations: (state) => paragraphNumbersKey.getState(state),
        },
      }),
    ];
  },
});

/** The number of the paragraph holding `pos` (the innermost numbered one), or null. */
export function paragraphNumberAt(state: EditorState, pos: number): string | null {
  const set = paragraphNumbersKey.getState(state);
  if (!set) return null;
  let best: { label: string; size: number } | null = null;
  for (const decoration of set.find(pos, pos)) {
    const label = (decoration.spec as { label?: unknown }).label;
    const size = decoration.to - decoration.from;
    if (typeof label === "string" && (best === null || size < best.size)) best = { label, size };
  }
  return best?.label ?? null;
}
