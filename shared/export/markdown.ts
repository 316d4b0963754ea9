import type { JsonNode } from "../text/numbering.ts";
import { type CirculatedBracket, inlinePieces, sponsorNote } from "./circulatedBrackets.ts";
import { type ExportDocument, ExportNumbering, subtitleOf } from "./exportModel.ts";

/** The draft as Markdown (GitHub-flavoured tables, footnotes as [^n]). */
export function renderMarkdown(doc: ExportDocument): string {
  const numbering = new ExportNumbering(doc);
  const out: string[] = [`# ${escapeInline(doc.title)}`, "", `*${escapeInline(subtitleOf(doc))}*`, ""];
  for (const section of doc.sections) {
    out.push(`## ${section.number}. ${escapeInline(section.title)}`, "");
    for (const block of section.content.content ?? []) out.push(...blockLines(block, numbering, ""), "");
  }
  if (numbering.footnotes.length > 0) {
    for (const [index, text] of numbering.footnotes.entries()) out.push(`[^${index + 1}]: ${escapeInline(text)}`);
    out.push("");
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function blockLines(node: JsonNode, numbering: ExportNumbering, indent: string): string[] {
  const label = numbering.label(node);
  const prefix = label ? `**${label}** ` : "";
  switch (node.type) {
    case "paragraph":
      return [`${indent}${prefix}${inline(node, numbering)}`];
    case "heading": {
      const level = Math.min(6, Number(node.attrs?.level ?? 2) + 1);
      return [`${"#".repeat(level)} ${inline(node, numbering)}`];
    }
    case "blockquote":
      return (node.content ?? []).flatMap((child, i) =>
        blockLines(child, numbering, "").map((line) => `> ${i === 0 ? prefix : ""}${line}`),
      );
    case "codeBlock":
      return [`${indent}\`\`\``, ...(node.content ?? []).map((t) => `${indent}${t.text ?? ""}`), `${indent}\`\`\``];
    case "bulletList":
    case "orderedList":
      return (node.content ?? []).flatMap((item, index) =>
        listItem(item, node.type === "orderedList", index, numbering, indent),
      );
    case "table":
      return table(node, numbering);
    case "horizontalRule":
      return ["---"];
    default:
      return [inline(node, numbering)];
  }
}

function listItem(
  item: JsonNode,
  ordered: boolean,
  index: number,
  numbering: ExportNumbering,
  indent: string,
): string[] {
  const label = numbering.label(item);
  const marker = ordered ? `${index + 1}.` : "-";
  const lines: string[] = [];
  for (const [i, child] of (item.content ?? []).entries()) {
    if (i === 0 && child.type === "paragraph") {
      lines.push(`${indent}${marker} ${label ? `**${label}** ` : ""}${inline(child, numbering)}`);
    } else {
      lines.push(...blockLines(child, numbering, `${indent}   `));
    }
  }
  return lines;
}

function table(node: JsonNode, numbering: ExportNumbering): string[] {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).map((cell) =>
      (cell.content ?? [])
        .map((p) => inline(p, numbering))
        .join("<br>")
        .replace(/\|/g, "\\|"),
    ),
  );
  const width = Math.max(1, ...rows.map((row) => row.length));
  const pad = (row: string[]) => [...row, ...new Array<string>(width - row.length).fill("")];
  const [head = [], ...body] = rows;
  return [
    `| ${pad(head).join(" | ")} |`,
    `|${" --- |".repeat(width)}`,
    ...body.map((row) => `| ${pad(row).join(" | ")} |`),
  ];
}

function inline(node: JsonNode, numbering: ExportNumbering): string {
  return inlinePieces(node.content ?? [])
    .map((piece) =>
      piece.kind === "node"
        ? inlineNodes([piece.node], numbering)
        : circulated(piece.bracket, inlineNodes(piece.nodes, numbering)),
    )
    .join("");
}

/** An open bracket as circulated: every option in square brackets, each with its sponsor. */
function circulated(bracket: CirculatedBracket, current: string): string {
  return bracket.options
    .map(
      (option, i) =>
        `\\[${i === 0 ? current : escapeInline(option.text)}\\] *${escapeInline(sponsorNote(option.delegation))}*`,
    )
    .join(" ");
}

function inlineNodes(nodes: JsonNode[], numbering: ExportNumbering): string {
  return nodes
    .map((child) => {
      if (child.type === "hardBreak") return "  \n";
      if (child.type === "footnote") return `[^${numbering.footnote(String(child.attrs?.text ?? ""))}]`;
      if (child.type !== "text") return inline(child, numbering);
      let text = escapeInline(child.text ?? "");
      for (const mark of child.marks ?? []) {
        if (mark.type === "bold") text = `**${text}**`;
        else if (mark.type === "italic") text = `*${text}*`;
        else if (mark.type === "strike") text = `~~${text}~~`;
        else if (mark.type === "underline") text = `<u>${text}</u>`;
        else if (mark.type === "code") text = `\`${child.text ?? ""}\``;
        else if (mark.type === "link") text = `[${text}](${String(mark.attrs?.href ?? "")})`;
      }
      return text;
    })
    .join("");
}

function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, "\\$1");
}
