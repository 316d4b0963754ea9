/**
 * Paragraph numbering of a section, computed from its structure and never
 * typed: section 3's paragraphs are 3.1, 3.2, ...; a top-level list item is a
 * paragraph of its own; items of a list nested inside it are lettered (a),
 * (b), ... and one level deeper (i), (ii), ... as in a working document.
 * Headings, tables, rules and empty paragraphs carry no number. The editor
 * margin, compare and every export all number with this one function.
 */

/** How to read a node, so the same rules number ProseMirror nodes and their JSON. */
export interface NodeReader<N> {
  type(node: N): string;
  children(node: N): readonly N[];
  /** True when the node holds no text and no inline content. */
  isEmpty(node: N): boolean;
}

export interface NumberedNode<N> {
  node: N;
  /** "3.2", "3.2(a)", "3.2(a)(i)". */
  label: string;
}

const NUMBERED_BLOCKS = new Set(["paragraph", "blockquote", "codeBlock"]);
const LISTS = new Set(["bulletList", "orderedList"]);

export function numberSection<N>(blocks: readonly N[], sectionNumber: string, read: NodeReader<N>): NumberedNode<N>[] {
  const out: NumberedNode<N>[] = [];
  let count = 0;
  for (const block of blocks) {
    const type = read.type(block);
    if (NUMBERED_BLOCKS.has(type)) {
      if (read.isEmpty(block)) continue;
      count += 1;
      out.push({ node: block, label: `${sectionNumber}.${count}` });
    } else if (LISTS.has(type)) {
      for (const item of read.children(block)) {
        if (read.isEmpty(item)) continue;
        count += 1;
        const label = `${sectionNumber}.${count}`;
        out.push({ node: item, label });
        numberSubItems(item, label, 1, read, out);
      }
    }
  }
  return out;
}

function numberSubItems<N>(item: N, parent: string, depth: number, read: NodeReader<N>, out: NumberedNode<N>[]): void {
  for (const child of read.children(item)) {
    if (!LISTS.has(read.type(child))) continue;
    let index = 0;
    for (const sub of read.children(child)) {
      if (read.isEmpty(sub)) continue;
      index += 1;
      const label = `${parent}(${subLabel(index, depth)})`;
      out.push({ node: sub, label });
      numberSubItems(sub, label, depth + 1, read, out);
    }
  }
}

/** a, b, ... z, aa, ab at depth 1; i, ii, iii at depth 2; then letters again. */
export function subLabel(index: number, depth: number): string {
  return depth % 2 === 0 ? roman(index) : letters(index);
}

function letters(index: number): string {
  let n = index;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(97 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function roman(index: number): string {
  const table: [number, string][] = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let n = index;
  let out = "";
  for (const [value, symbol] of table) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

/** ProseMirror JSON as stored and exported. */
export interface JsonNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: JsonNode[];
}

export const jsonReader: NodeReader<JsonNode> = {
  type: (node) => node.type ?? "",
  children: (node) => node.content ?? [],
  isEmpty: (node) => !hasInline(node),
};

function hasInline(node: JsonNode): boolean {
  if (node.type === "text") return (node.text ?? "").trim() !== "";
  if (node.type === "footnote" || node.type === "hardBreak") return false;
  return (node.content ?? []).some(hasInline);
}

/** Labels of a section's JSON, keyed by node identity (for renderers walking the same tree). */
export function labelsOf(doc: JsonNode, sectionNumber: string, enabled: boolean): Map<JsonNode, string> {
  if (!enabled) return new Map();
  return new Map(numberSection(doc.content ?? [], sectionNumber, jsonReader).map((n) => [n.node, n.label]));
}
