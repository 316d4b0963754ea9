import { mergeAttributes, Node } from "@tiptap/core";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    footnote: {
      /** Inserts a footnote with this text at the selection. */
      insertFootnote: (text: string) => ReturnType;
    };
  }
}

/**
 * A footnote: an inline mark of the place it refers to, holding its own text.
 * Footnotes are numbered in reading order (1, 2, ...) by the editor's style
 * and by every export; the number is never stored, so it follows edits.
 * Word's footnotes come in through import and go out as real footnotes.
 */
export const Footnote = Node.create({
  name: "footnote",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      text: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-footnote") ?? element.getAttribute("title") ?? "",
        renderHTML: (attributes) => ({ "data-footnote": String(attributes.text ?? "") }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "sup[data-footnote]" }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      "sup",
      mergeAttributes(HTMLAttributes, {
        class: "footnote",
        title: String(node.attrs.text ?? ""),
        "aria-label": `Footnote: ${String(node.attrs.text ?? "")}`,
      }),
    ];
  },

  renderText({ node }) {
    return `[${String(node.attrs.text ?? "")}]`;
  },

  addCommands() {
    return {
      insertFootnote:
        (text: string) =>
        ({ commands }) =>
          text.trim() === "" ? false : commands.insertContent({ type: this.name, attrs: { text: text.trim() } }),
    };
  },
});
