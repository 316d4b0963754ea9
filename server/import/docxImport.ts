import type { JSONContent } from "@tiptap/core";
import { generateJSON } from "@tiptap/html/server";
import { Window } from "happy-dom";
import mammoth from "mammoth";
import { editorExtensions } from "../../shared/editor/extensions.ts";
import { NUMBER_STYLE, SUBTITLE_STYLE } from "../export/docx.ts";

/** A file that cannot become a draft; its message is shown to the user. */
export class ImportError extends Error {}

export interface ImportedSection {
  title: string;
  content: JSONContent;
}

export interface ImportedDraft {
  /** The document's own title (Word's Title style), if it has one. */
  title: string | null;
  sections: ImportedSection[];
}

export const UNTITLED_FIRST_SECTION = "Introduction";

const STYLE_MAP = [
  // Numbers Plenary computed on export are not text: they are computed again.
  `r[style-name='${NUMBER_STYLE.name}'] => !`,
  `p[style-name='${SUBTITLE_STYLE.name}'] => !`,
  "p[style-name='Title'] => p.document-title:fresh",
  "u => u",
  "strike => s",
];

/**
 * Reads a .docx: each Heading 1 starts a section (its text the title), text
 * before the first heading becomes a first section; paragraphs, lists,
 * emphasis, links, tables and footnotes come through the editor schema.
 */
export async function importDocx(file: Uint8Array): Promise<ImportedDraft> {
  if (file.byteLength === 0) throw new ImportError("The file is empty.");
  // Every .docx is a zip archive; anything else is refused before parsing.
  if (!(file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04)) {
    throw new ImportError("This is not a Word document (.docx).");
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(file) }, { styleMap: STYLE_MAP });
    html = result.value;
  } catch {
    throw new ImportError("This file could not be read as a Word document (.docx): it may be damaged.");
  }

  const window = new Window();
  try {
    const document = window.document;
    document.body.innerHTML = html;
    inlineFootnotes(document as unknown as Document);
    let title: string | null = null;
    const sections: { title: string; html: string[] }[] = [];
    for (const element of [...document.body.children]) {
      if (element.tagName === "P" && element.classList.contains("document-title")) {
        title ??= element.textContent?.trim() || null;
        continue;
      }
      if (element.tagName === "H1") {
        sections.push({ title: element.textContent?.trim() || "Untitled", html: [] });
        continue;
      }
      if (sections.length === 0) sections.push({ title: UNTITLED_FIRST_SECTION, html: [] });
      (sections[sections.length - 1] as { html: string[] }).html.push(element.outerHTML);
    }
    if (
      sections.length === 0 ||
      sections.every(
        (s) =>
          s.html
            .join("")
            .replace(/<[^>]*>/g, "")
            .trim() === "" && s.title === UNTITLED_FIRST_SECTION,
      )
    ) {
      throw new ImportError("The document has no text to import.");
    }
    return {
      title,
      sections: sections.map((section) => ({
        title: section.title.slice(0, 200),
        content: withContent(generateJSON(section.html.join(""), editorExtensions()) as JSONContent),
      })),
    };
  } finally {
    await window.happyDOM.close();
  }
}

/** Mammoth puts footnotes in a list at the end; Plenary keeps each one at its reference. */
function inlineFootnotes(document: Document): void {
  const texts = new Map<string, string>();
  for (const item of [...document.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]')]) {
    for (const back of [...item.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')]) back.remove();
    texts.set(item.id, (item.textContent ?? "").trim());
    const list = item.parentElement;
    item.remove();
    if (list && list.children.length === 0) list.remove();
  }
  for (const link of [...document.querySelectorAll('a[href^="#footnote-"], a[href^="#endnote-"]')]) {
    const id = (link.getAttribute("href") ?? "").slice(1);
    const text = texts.get(id);
    if (text === undefined) continue;
    const sup = document.createElement("sup");
    sup.setAttribute("data-footnote", text);
    const holder = link.parentElement?.tagName === "SUP" ? link.parentElement : link;
    holder.replaceWith(sup);
  }
}

function withContent(doc: JSONContent): JSONContent {
  return doc.content && doc.content.length > 0 ? doc : { type: "doc", content: [{ type: "paragraph" }] };
}
