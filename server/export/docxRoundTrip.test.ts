import JSZip from "jszip";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import type { ExportDocument } from "../../shared/export/exportModel.ts";
import { renderHtml } from "../../shared/export/html.ts";
import { renderMarkdown } from "../../shared/export/markdown.ts";
import type { JsonNode } from "../../shared/text/numbering.ts";
import { importDocx } from "../import/docxImport.ts";
import { renderDocx } from "./docx.ts";

const text = (value: string, ...marks: string[]): JsonNode => ({
  type: "text",
  text: value,
  ...(marks.length > 0 && { marks: marks.map((type) => ({ type })) }),
});
const p = (...content: JsonNode[]): JsonNode => ({ type: "paragraph", content });
const cell = (value: string): JsonNode => ({ type: "tableCell", content: [p(text(value))] });

const sample: ExportDocument = {
  title: "Doctrine — zero draft",
  groupName: "Working Group 1",
  versionName: "Rev.1 — Lyon",
  date: Date.UTC(2026, 5, 12),
  paragraphNumbers: true,
  sections: [
    {
      number: "1",
      title: "Purpose and scope",
      content: {
        type: "doc",
        content: [
          p(text("States "), text("shall", "bold"), text(" cooperate "), text("fully", "italic"), text(".")),
          { type: "heading", attrs: { level: 2 }, content: [text("Principles")] },
          p(
            text("See "),
            { type: "text", text: "the charter", marks: [{ type: "link", attrs: { href: "https://un.org" } }] },
            text(" and "),
            text("this", "underline"),
            text(" not "),
            text("that", "strike"),
            { type: "footnote", attrs: { text: "As agreed in New York." } },
          ),
          {
            type: "bulletList",
            content: [
              { type: "listItem", content: [p(text("First item"))] },
              { type: "listItem", content: [p(text("Second item"))] },
            ],
          },
        ],
      },
    },
    {
      number: "2",
      title: "Roles",
      content: {
        type: "doc",
        content: [
          p(text("A table follows.")),
          {
            type: "table",
            content: [
              { type: "tableRow", content: [cell("Role"), cell("Who")] },
              { type: "tableRow", content: [cell("Lead"), cell("USA")] },
            ],
          },
        ],
      },
    },
  ],
};

describe("export", () => {
  it("writes a .docx with the title block, numbers, marks, lists, tables and footnotes", async () => {
    const file = await renderDocx(sample);
    const { value: raw } = await mammoth.extractRawText({ buffer: Buffer.from(file) });
    expect(raw).toContain("Doctrine — zero draft");
    expect(raw).toContain("Working Group 1 · Rev.1 — Lyon · 12 June 2026");
    expect(raw).toContain("1.\tPurpose and scope");
    expect(raw).toContain("1.1\tStates shall cooperate fully.");
    expect(raw).toContain("1.3\tFirst item");
    expect(raw).toContain("2.1\tA table follows.");
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(file) }, { styleMap: ["u => u"] });
    expect(html).toContain("<strong>shall</strong>");
    expect(html).toContain("<em>fully</em>");
    expect(html).toContain("<u>this</u>");
    expect(html).toContain("<s>that</s>");
    expect(html).toContain('<a href="https://un.org">the charter</a>');
    expect(html).toMatch(/<table>.*Role.*Who.*Lead.*USA.*<\/table>/);
    expect(html).toContain("As agreed in New York.");
  });

  it("reads back its own .docx: titles, text, order, tables, marks and footnotes", async () => {
    const imported = await importDocx(await renderDocx(sample));
    expect(imported.title).toBe("Doctrine — zero draft");
    expect(imported.sections.map((s) => s.title)).toEqual(["Purpose and scope", "Roles"]);
    const [first, second] = imported.sections;
    const json = JSON.stringify(first?.content);
    expect(json).toContain('{"type":"text","marks":[{"type":"bold"}],"text":"shall"}');
    expect(json).toContain('"type":"underline"');
    expect(json).toContain('"type":"strike"');
    expect(json).toContain('"href":"https://un.org"');
    expect(json).toContain('{"type":"footnote","attrs":{"text":"As agreed in New York."}}');
    expect(json).toContain('"type":"bulletList"');
    expect(json).not.toContain("1.1");
    expect(second?.content.content?.map((n) => n.type)).toEqual(["paragraph", "table"]);
    expect(JSON.stringify(second?.content)).toContain('"text":"USA"');
  });

  it("starts every ordered list at 1, as the editor does, instead of continuing the previous one", async () => {
    const ordered = (...items: string[]): JsonNode => ({
      type: "orderedList",
      content: items.map((item) => ({ type: "listItem", content: [p(text(item))] })),
    });
    const file = await renderDocx({
      ...sample,
      sections: [
        { number: "1", title: "One", content: { type: "doc", content: [ordered("Alpha", "Beta")] } },
        { number: "2", title: "Two", content: { type: "doc", content: [p(text("Between.")), ordered("Gamma")] } },
      ],
    });
    const zip = await JSZip.loadAsync(file);
    const documentXml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const numberingXml = (await zip.file("word/numbering.xml")?.async("string")) ?? "";
    const numIdOf = (words: string) => {
      const paragraph = documentXml.split("</w:p>").find((part) => part.includes(`>${words}<`)) ?? "";
      return /<w:numId w:val="(\d+)"\/>/.exec(paragraph)?.[1];
    };
    const [alpha, beta, gamma] = [numIdOf("Alpha"), numIdOf("Beta"), numIdOf("Gamma")];
    expect(alpha).toBeDefined();
    expect(beta).toBe(alpha);
    expect(gamma).toBeDefined();
    expect(gamma).not.toBe(alpha);
    for (const numId of [alpha, gamma]) {
      const num = new RegExp(`<w:num w:numId="${numId}">(.*?)</w:num>`).exec(numberingXml)?.[1] ?? "";
      expect(num).toContain('<w:startOverride w:val="1"/>');
    }
  });

  it("writes Markdown and HTML with the same numbers", () => {
    const md = renderMarkdown(sample);
    expect(md).toContain("# Doctrine — zero draft");
    expect(md).toContain("## 1\\. Purpose and scope".replace("\\", ""));
    expect(md).toContain("**1.1** States **shall** cooperate *fully*.");
    expect(md).toContain("- **1.3** First item");
    expect(md).toContain("| Role | Who |");
    expect(md).toContain("[^1]: As agreed in New York.");
    const html = renderHtml(sample);
    expect(html).toContain('<span class="number">1.2</span> See <a href="https://un.org">the charter</a>');
    expect(html).toContain("<table><tr><td><p>Role</p></td>");
    expect(html).toContain('<li id="fn1">As agreed in New York.');
  });
});
