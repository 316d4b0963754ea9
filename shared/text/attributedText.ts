import * as Y from "yjs";

/** The Yjs id of one character: which client wrote it, at which clock. */
export interface CharId {
  client: number;
  clock: number;
}

/**
 * A section's plain text (text blocks joined by "\n"), with the Yjs id of
 * every character. A "\n" carries the id of the block it opens, so a split
 * paragraph is attributed to whoever split it.
 */
export interface AttributedText {
  text: string;
  ids: (CharId | null)[];
}

const TEXT_BLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

export function attributedText(fragment: Y.XmlFragment): AttributedText {
  const parts: string[] = [];
  const ids: (CharId | null)[] = [];
  let lines = 0;
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        appendText(child, parts, ids);
      } else if (child instanceof Y.XmlElement) {
        if (TEXT_BLOCKS.has(child.nodeName)) {
          if (lines > 0) {
            parts.push("\n");
            ids.push(idOf(child));
          }
          lines += 1;
          visit(child);
        } else if (child.nodeName === "hardBreak") {
          parts.push("\n");
          ids.push(idOf(child));
        } else if (child.nodeName !== "footnote") {
          visit(child);
        }
      }
    }
  };
  visit(fragment);
  return { text: parts.join(""), ids };
}

function appendText(text: Y.XmlText, parts: string[], ids: (CharId | null)[]): void {
  let item = text._start;
  while (item !== null) {
    if (!item.deleted && item.content instanceof Y.ContentString) {
      const str = item.content.str;
      parts.push(str);
      for (let offset = 0; offset < str.length; offset++) {
        ids.push({ client: item.id.client, clock: item.id.clock + offset });
      }
    }
    item = item.right;
  }
}

function idOf(element: Y.XmlElement): CharId | null {
  const item = element._item;
  return item ? { client: item.id.client, clock: item.id.clock } : null;
}
