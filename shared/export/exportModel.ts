import { type JsonNode, labelsOf } from "../text/numbering.ts";

export interface ExportSection {
  /** "1", "2", ... in draft order. */
  number: string;
  title: string;
  content: JsonNode;
}

/** What every export renders: the title block, then the numbered sections. */
export interface ExportDocument {
  title: string;
  groupName: string;
  /** The version's name, or null for the live text. */
  versionName: string | null;
  /** When the version was named, or when the live text was exported (ms since the epoch). */
  date: number;
  paragraphNumbers: boolean;
  sections: ExportSection[];
}

/** "30 November 2026", as working documents date themselves (UTC, so every export of a version agrees). */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** The line under the title: group, version (or "Live text"), date. */
export function subtitleOf(doc: ExportDocument): string {
  return [doc.groupName, doc.versionName ?? "Live text", formatDate(doc.date)].join(" · ");
}

/** Paragraph labels of every section, and footnotes numbered in reading order across the draft. */
export class ExportNumbering {
  private readonly labels = new Map<JsonNode, string>();
  readonly footnotes: string[] = [];

  constructor(doc: ExportDocument) {
    for (const section of doc.sections) {
      for (const [node, label] of labelsOf(section.content, section.number, doc.paragraphNumbers)) {
        this.labels.set(node, label);
      }
    }
  }

  label(node: JsonNode): string | null {
    return this.labels.get(node) ?? null;
  }

  /** Registers a footnote met in reading order; returns its number. */
  footnote(text: string): number {
    this.footnotes.push(text);
    return this.footnotes.length;
  }
}

export function textOf(node: JsonNode): string {
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? []).map(textOf).join("");
}
