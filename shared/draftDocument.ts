import * as Y from "yjs";
import { SECTION_STATUS_VALUES, type SectionStatus } from "./roles.ts";
import type { DraftDetail, SectionMeta } from "./types.ts";

/**
 * Layout of a `draft:<id>` document. Only the server writes it (clients get it
 * read-only), so every client can trust what it reads here.
 *
 *   meta:     Y.Map  { title, groupId, paragraphNumbers }
 *   order:    Y.Array<string>          section ids, in reading order
 *   sections: Y.Map<Y.Map>             per section id: { title, status, penholders }
 */
export const DraftFields = {
  meta: "meta",
  order: "order",
  sections: "sections",
} as const;

export function readDraftDocument(doc: Y.Doc, draftId: string): DraftDetail {
  const meta = doc.getMap<unknown>(DraftFields.meta);
  const order = doc.getArray<string>(DraftFields.order);
  const sections = doc.getMap<Y.Map<unknown>>(DraftFields.sections);
  const result: SectionMeta[] = [];
  for (const id of order.toArray()) {
    const entry = sections.get(id);
    if (!entry) continue;
    result.push(readSection(id, entry));
  }
  return {
    id: draftId,
    groupId: stringOr(meta.get("groupId"), ""),
    title: stringOr(meta.get("title"), ""),
    paragraphNumbers: meta.get("paragraphNumbers") !== false,
    sections: result,
  };
}

function readSection(id: string, entry: Y.Map<unknown>): SectionMeta {
  const status = entry.get("status");
  const penholders = entry.get("penholders");
  return {
    id,
    title: stringOr(entry.get("title"), ""),
    status: isStatus(status) ? status : "drafting",
    penholders: Array.isArray(penholders) ? penholders.filter((p): p is string => typeof p === "string") : [],
  };
}

/**
 * Brings the document to `draft` with the smallest change: only fields that
 * differ are written, so clients see exactly what changed.
 */
export function writeDraftDocument(doc: Y.Doc, draft: DraftDetail): void {
  const meta = doc.getMap<unknown>(DraftFields.meta);
  const order = doc.getArray<string>(DraftFields.order);
  const sections = doc.getMap<Y.Map<unknown>>(DraftFields.sections);

  doc.transact(() => {
    setIfChanged(meta, "title", draft.title);
    setIfChanged(meta, "groupId", draft.groupId);
    if (meta.get("paragraphNumbers") !== draft.paragraphNumbers) meta.set("paragraphNumbers", draft.paragraphNumbers);

    const wanted = draft.sections.map((section) => section.id);
    const current = order.toArray();
    if (wanted.length !== current.length || wanted.some((id, index) => current[index] !== id)) {
      order.delete(0, order.length);
      order.insert(0, wanted);
    }

    const keep = new Set(wanted);
    for (const key of [...sections.keys()]) {
      if (!keep.has(key)) sections.delete(key);
    }
    for (const section of draft.sections) {
      let entry = sections.get(section.id);
      if (!entry) {
        entry = new Y.Map<unknown>();
        sections.set(section.id, entry);
      }
      setIfChanged(entry, "title", section.title);
      setIfChanged(entry, "status", section.status);
      const penholders = entry.get("penholders");
      if (!sameList(Array.isArray(penholders) ? penholders : [], section.penholders)) {
        entry.set("penholders", [...section.penholders]);
      }
    }
  });
}

function setIfChanged(map: Y.Map<unknown>, key: string, value: string): void {
  if (map.get(key) !== value) map.set(key, value);
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function isStatus(value: unknown): value is SectionStatus {
  return typeof value === "string" && (SECTION_STATUS_VALUES as readonly string[]).includes(value);
}
