import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { type CirculatedBracket, inlinePieces, sponsorNote } from "../../shared/export/circulatedBrackets.ts";
import { type ExportDocument, ExportNumbering, subtitleOf } from "../../shared/export/exportModel.ts";
import type { JsonNode } from "../../shared/text/numbering.ts";

/**
 * Word style of the computed numbers (section "1." and paragraph "1.1"): the
 * numbers are part of the page, and import recognises and drops them, so a
 * round trip does not type them into the text.
 */
export const NUMBER_STYLE = { id: "PlenaryNumber", name: "Plenary Number" } as const;
export const SUBTITLE_STYLE = { id: "PlenarySubtitle", name: "Plenary Subtitle" } as const;
const ORDERED = "plenary-ordered";
const BULLET = "plenary-bullet";

/** The draft as a .docx (Office Open XML) file. */
export async function renderDocx(doc: ExportDocument): Promise<Uint8Array> {
  const numbering = new ExportNumbering(doc);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    new Paragraph({ style: SUBTITLE_STYLE.id, children: [new TextRun(subtitleOf(doc))] }),
  ];
  for (const section of doc.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [numberRun(`${section.number}.`), new TextRun(section.title)],
      }),
    );
    for (const block of section.content.content ?? []) children.push(...blocks(block, numbering, 0));
  }
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  for (const [index, text] of numbering.footnotes.entries()) {
    footnotes[index + 1] = { children: [new Paragraph(text)] };
  }
  const file = new Document({
    creator: "Plenary",
    title: doc.title,
    description: subtitleOf(doc),
    styles: {
      characterStyles: [{ ...NUMBER_STYLE, basedOn: "DefaultParagraphFont", run: { bold: true } }],
      paragraphStyles: [{ ...SUBTITLE_STYLE, basedOn: "Normal", next: "Normal", run: { italics: true } }],
    },
    numbering: {
      config: [listNumbering(ORDERED, LevelFormat.DECIMAL), listNumbering(BULLET, LevelFormat.BULLET)],
    },
    footnotes,
    sections: [
      {
        headers: {
          default: new Header({
            children: [
              new Paragraph({ children: [new TextRun({ text: `${doc.title} · ${subtitleOf(doc)}`, size: 16 })] }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(file);
}

function listNumbering(reference: string, format: (typeof LevelFormat)[keyof typeof LevelFormat]) {
  return {
    reference,
    levels: Array.from({ length: 6 }, (_, level) => ({
      level,
      format,
      text: format === LevelFormat.BULLET ? "•" : `%${level + 1}.`,
      alignment: AlignmentType.START,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    })),
  };
}

function numberRun(label: string): TextRun {
  return new TextRun({ style: NUMBER_STYLE.id, children: [label, new Tab()] });
}

function labelRuns(node: JsonNode, numbering: ExportNumbering): TextRun[] {
  const label = numbering.label(node);
  return label ? [numberRun(label)] : [];
}

function blocks(node: JsonNode, numbering: ExportNumbering, depth: number): (Paragraph | Table)[] {
  switch (node.type) {
    case "paragraph":
      return [new Paragraph({ children: [...labelRuns(node, numbering), ...inline(node, numbering)] })];
    case "heading":
      return [
        new Paragraph({
          heading: Number(node.attrs?.level ?? 2) <= 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          children: inline(node, numbering),
        }),
      ];
    case "blockquote": {
      const label = labelRuns(node, numbering);
      return (node.content ?? []).map(
        (child, i) =>
          new Paragraph({
            indent: { left: 720 },
            children: [...(i === 0 ? label : []), ...inline(child, numbering)],
          }),
      );
    }
    case "codeBlock":
      return [
        new Paragraph({
          children: [
            new TextRun({ text: (node.content ?? []).map((t) => t.text ?? "").join(""), font: "Courier New" }),
          ],
        }),
      ];
    case "bulletList":
      return (node.content ?? []).flatMap((item) => listItem(item, null, numbering, depth));
    case "orderedList": {
      // Each list is its own Word numbering instance, so it starts at 1 as in
      // the editor instead of continuing the previous list of the document.
      const instance = nextListInstance(numbering);
      return (node.content ?? []).flatMap((item) => listItem(item, instance, numbering, depth));
    }
    case "table":
      return [table(node, numbering)];
    case "horizontalRule":
      return [new Paragraph({ thematicBreak: true, children: [] })];
    default:
      return [new Paragraph({ children: inline(node, numbering) })];
  }
}

/** Ordered lists met so far in one rendering, by its numbering. */
const orderedLists = new WeakMap<ExportNumbering, number>();

function nextListInstance(numbering: ExportNumbering): number {
  const instance = (orderedLists.get(numbering) ?? 0) + 1;
  orderedLists.set(numbering, instance);
  return instance;
}

/** `instance`: the ordered list's numbering instance; null for a bullet list. */
function listItem(
  item: JsonNode,
  instance: number | null,
  numbering: ExportNumbering,
  depth: number,
): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const [i, child] of (item.content ?? []).entries()) {
    if (i === 0 && child.type === "paragraph") {
      const level = Math.min(depth, 5);
      out.push(
        new Paragraph({
          numbering: instance === null ? { reference: BULLET, level } : { reference: ORDERED, level, instance },
          children: [...labelRuns(item, numbering), ...inline(child, numbering)],
        }),
      );
    } else {
      out.push(...blocks(child, numbering, depth + 1));
    }
  }
  return out;
}

function table(node: JsonNode, numbering: ExportNumbering): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: (node.content ?? []).map(
      (row) =>
        new TableRow({
          children: (row.content ?? []).map((cell) => {
            const content = (cell.content ?? []).flatMap((child) => blocks(child, numbering, 0));
            return new TableCell({
              columnSpan: Number(cell.attrs?.colspan ?? 1),
              rowSpan: Number(cell.attrs?.rowspan ?? 1),
              // A cell must hold at least one paragraph to be valid.
              children: content.length > 0 ? content : [new Paragraph("")],
            });
          }),
        }),
    ),
  });
}

function inline(node: JsonNode, numbering: ExportNumbering): ParagraphChild[] {
  return inlinePieces(node.content ?? []).flatMap((piece) =>
    piece.kind === "node"
      ? inlineNodes([piece.node], numbering)
      : circulated(piece.bracket, inlineNodes(piece.nodes, numbering)),
  );
}

/** An open bracket as circulated: every option in square brackets, each with its sponsor. */
function circulated(bracket: CirculatedBracket, current: ParagraphChild[]): ParagraphChild[] {
  return bracket.options.flatMap((option, i) => [
    new TextRun(`${i === 0 ? "" : " "}[`),
    ...(i === 0 ? current : [new TextRun(option.text)]),
    new TextRun("] "),
    new TextRun({ text: sponsorNote(option.delegation), italics: true, size: 18 }),
  ]);
}

function inlineNodes(nodes: JsonNode[], numbering: ExportNumbering): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const child of nodes) {
    if (child.type === "hardBreak") {
      out.push(new TextRun({ break: 1 }));
    } else if (child.type === "footnote") {
      out.push(new FootnoteReferenceRun(numbering.footnote(String(child.attrs?.text ?? ""))));
    } else if (child.type === "text") {
      const marks = new Set((child.marks ?? []).map((mark) => mark.type));
      const link = (child.marks ?? []).find((mark) => mark.type === "link");
      const run = new TextRun({
        text: child.text ?? "",
        bold: marks.has("bold"),
        italics: marks.has("italic"),
        strike: marks.has("strike"),
        ...(marks.has("underline") && { underline: {} }),
        ...(marks.has("code") && { font: "Courier New" }),
        ...(link && { style: "Hyperlink" }),
      });
      const href = String(link?.attrs?.href ?? "");
      out.push(link && /^(https?:|mailto:)/i.test(href) ? new ExternalHyperlink({ link: href, children: [run] }) : run);
    } else {
      out.push(...inline(child, numbering));
    }
  }
  return out;
}
