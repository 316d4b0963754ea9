import type { JsonNode } from "../text/numbering.ts";
import { type CirculatedBracket, inlinePieces, sponsorNote } from "./circulatedBrackets.ts";
import { type ExportDocument, ExportNumbering, subtitleOf } from "./exportModel.ts";

/** The draft as a standalone HTML document, styled as a working document (and for print). */
export function renderHtml(doc: ExportDocument): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
body { font-family: "Times New Roman", serif; max-width: 42em; margin: 2em auto; line-height: 1.5; }
.title-block { text-align: center; margin-bottom: 2em; }
.subtitle { font-style: italic; }
.number { font-weight: bold; margin-right: 0.5em; }
table { border-collapse: collapse; } td, th { border: 1px solid #444; padding: 0.2em 0.5em; vertical-align: top; }
.footnotes { font-size: 0.9em; }
.sponsor { font-size: 0.85em; font-style: italic; }
</style>
</head>
<body>
${renderBodyHtml(doc)}
</body>
</html>
`;
}

/**
 * The title block, numbered sections and footnotes as HTML. Every text is
 * escaped and only web and mail links are kept, so it is safe to show.
 */
export function renderBodyHtml(doc: ExportDocument): string {
  const numbering = new ExportNumbering(doc);
  const body: string[] = [
    `<header class="title-block"><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(subtitleOf(doc))}</p></header>`,
  ];
  for (const section of doc.sections) {
    body.push(
      `<section id="section-${escapeHtml(section.number)}"><h2><span class="number">${escapeHtml(section.number)}.</span> ${escapeHtml(section.title)}</h2>`,
    );
    for (const block of section.content.content ?? []) body.push(blockHtml(block, numbering));
    body.push("</section>");
  }
  if (numbering.footnotes.length > 0) {
    body.push(
      `<hr><ol class="footnotes">${numbering.footnotes
        .map(
          (text, i) => `<li id="fn${i + 1}">${escapeHtml(text)} <a href="#fnref${i + 1}" aria-label="Back">↩</a></li>`,
        )
        .join("")}</ol>`,
    );
  }
  return body.join("\n");
}

function numberSpan(node: JsonNode, numbering: ExportNumbering): string {
  const label = numbering.label(node);
  return label ? `<span class="number">${escapeHtml(label)}</span> ` : "";
}

function blockHtml(node: JsonNode, numbering: ExportNumbering): string {
  const children = () => (node.content ?? []).map((child) => blockHtml(child, numbering)).join("");
  switch (node.type) {
    case "paragraph":
      return `<p>${numberSpan(node, numbering)}${inline(node, numbering)}</p>`;
    case "heading": {
      const level = Math.min(6, Number(node.attrs?.level ?? 2) + 1);
      return `<h${level}>${inline(node, numbering)}</h${level}>`;
    }
    case "blockquote":
      return `<blockquote>${numberSpan(node, numbering)}${children()}</blockquote>`;
    case "codeBlock":
      return `<pre><code>${escapeHtml((node.content ?? []).map((t) => t.text ?? "").join(""))}</code></pre>`;
    case "bulletList":
      return `<ul>${children()}</ul>`;
    case "orderedList":
      return `<ol>${children()}</ol>`;
    case "listItem":
      return `<li>${numberSpan(node, numbering)}${(node.content ?? [])
        .map((child, i) =>
          i === 0 && child.type === "paragraph" ? inline(child, numbering) : blockHtml(child, numbering),
        )
        .join("")}</li>`;
    case "table":
      return `<table>${children()}</table>`;
    case "tableRow":
      return `<tr>${children()}</tr>`;
    case "tableHeader":
    case "tableCell": {
      const tag = node.type === "tableHeader" ? "th" : "td";
      const span = [
        Number(node.attrs?.colspan ?? 1) > 1 ? ` colspan="${Number(node.attrs?.colspan)}"` : "",
        Number(node.attrs?.rowspan ?? 1) > 1 ? ` rowspan="${Number(node.attrs?.rowspan)}"` : "",
      ].join("");
      return `<${tag}${span}>${children()}</${tag}>`;
    }
    case "horizontalRule":
      return "<hr>";
    default:
      return inline(node, numbering);
  }
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
        `[${i === 0 ? current : escapeHtml(option.text)}] <span class="sponsor">${escapeHtml(sponsorNote(option.delegation))}</span>`,
    )
    .join(" ");
}

function inlineNodes(nodes: JsonNode[], numbering: ExportNumbering): string {
  return nodes
    .map((child) => {
      if (child.type === "hardBreak") return "<br>";
      if (child.type === "footnote") {
        const n = numbering.footnote(String(child.attrs?.text ?? ""));
        return `<sup class="footnote-ref"><a href="#fn${n}" id="fnref${n}">${n}</a></sup>`;
      }
      if (child.type !== "text") return inline(child, numbering);
      let text = escapeHtml(child.text ?? "");
      for (const mark of child.marks ?? []) {
        if (mark.type === "bold") text = `<strong>${text}</strong>`;
        else if (mark.type === "italic") text = `<em>${text}</em>`;
        else if (mark.type === "underline") text = `<u>${text}</u>`;
        else if (mark.type === "strike") text = `<s>${text}</s>`;
        else if (mark.type === "code") text = `<code>${text}</code>`;
        else if (mark.type === "link") text = `<a href="${escapeHtml(safeHref(mark.attrs?.href))}">${text}</a>`;
      }
      return text;
    })
    .join("");
}

/** Only web and mail links survive an export; anything else (javascript:) is dropped. */
function safeHref(href: unknown): string {
  const value = String(href ?? "");
  return /^(https?:|mailto:)/i.test(value) ? value : "";
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
