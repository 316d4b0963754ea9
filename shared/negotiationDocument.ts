import type * as Y from "yjs";
import { draftProgressOf } from "./cleanShare.ts";
import type { Bracket, DraftProgress, SectionProgress, SilenceProcedure } from "./negotiation.ts";

/**
 * The negotiation part of a `draft:<id>` document, written only by the server
 * (projected from SQLite and from the section texts), read live by every
 * client of the draft. Values are plain JSON.
 *
 *   brackets:    Y.Map<Bracket>          keyed by bracket id, open and resolved
 *   silence:     Y.Map { current: SilenceProcedure | null }   the latest procedure
 *   progress:    Y.Map<SectionProgress>  keyed by section id
 */
export const NegotiationFields = {
  brackets: "brackets",
  silence: "silence",
  progress: "progress",
} as const;

export function readBrackets(doc: Y.Doc): Bracket[] {
  const brackets: Bracket[] = [];
  for (const value of doc.getMap<unknown>(NegotiationFields.brackets).values()) {
    if (isBracket(value)) brackets.push(value);
  }
  return brackets.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readSilence(doc: Y.Doc): SilenceProcedure | null {
  const value = doc.getMap<unknown>(NegotiationFields.silence).get("current");
  return isSilence(value) ? value : null;
}

/** The draft's progress over the given sections (in reading order); sections not yet measured are left out. */
export function readProgress(doc: Y.Doc, sectionIds: readonly string[]): DraftProgress {
  const map = doc.getMap<unknown>(NegotiationFields.progress);
  const sections = sectionIds.flatMap((id) => {
    const value = map.get(id);
    return isSectionProgress(value) ? [value] : [];
  });
  return draftProgressOf(sections);
}

/** Replaces the projected brackets with `brackets`, writing only those that changed. */
export function writeBrackets(doc: Y.Doc, brackets: readonly Bracket[]): void {
  const map = doc.getMap<unknown>(NegotiationFields.brackets);
  doc.transact(() => {
    const keep = new Set(brackets.map((bracket) => bracket.id));
    for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key);
    for (const bracket of brackets) setIfChanged(map, bracket.id, bracket);
  });
}

export function writeSilence(doc: Y.Doc, procedure: SilenceProcedure | null): void {
  setIfChanged(doc.getMap<unknown>(NegotiationFields.silence), "current", procedure);
}

/** Writes one section's figures (only if they changed); `null` removes them. */
export function writeSectionProgress(doc: Y.Doc, sectionId: string, progress: SectionProgress | null): void {
  const map = doc.getMap<unknown>(NegotiationFields.progress);
  if (progress === null) {
    if (map.has(sectionId)) map.delete(sectionId);
    return;
  }
  setIfChanged(map, sectionId, progress);
}

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (map.has(key) && JSON.stringify(map.get(key)) === JSON.stringify(value)) return;
  map.set(key, value === null ? null : structuredClone(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBracket(value: unknown): value is Bracket {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.sectionId === "string" &&
    (value.status === "open" || value.status === "resolved") &&
    Array.isArray(value.options) &&
    isRecord(value.anchor)
  );
}

function isSilence(value: unknown): value is SilenceProcedure {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.until === "string" &&
    typeof value.status === "string"
  );
}

function isSectionProgress(value: unknown): value is SectionProgress {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.openBrackets === "number" &&
    typeof value.cleanShare === "number" &&
    typeof value.characters === "number" &&
    typeof value.cleanCharacters === "number"
  );
}
