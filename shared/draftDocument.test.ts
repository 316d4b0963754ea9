import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { DraftFields, readDraftDocument, writeDraftDocument } from "./draftDocument.ts";
import type { DraftDetail } from "./types.ts";

function draft(overrides: Partial<DraftDetail> = {}): DraftDetail {
  return {
    id: "draft-00000001",
    groupId: "group-0000001",
    title: "Doctrine — zero draft",
    paragraphNumbers: true,
    sections: [
      { id: "section-00001", title: "Purpose and scope", penholders: ["user-usa-0001"], status: "drafting" },
      { id: "section-00002", title: "Guiding principles", penholders: ["user-sgp-0001"], status: "review" },
      {
        id: "section-00003",
        title: "Roles of UN police and partners",
        penholders: ["user-fra-0001", "user-usa-0001"],
        status: "agreed",
      },
      { id: "section-00004", title: "Capacity building", penholders: [], status: "drafting" },
    ],
    ...overrides,
  };
}

/** Counts the Yjs updates `change` produces on `doc`. */
function updatesDuring(doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on("update", record);
  change();
  doc.off("update", record);
  return updates;
}

describe("the draft control document", () => {
  test("reads back exactly what was written", () => {
    const doc = new Y.Doc();
    writeDraftDocument(doc, draft());
    expect(readDraftDocument(doc, "draft-00000001")).toEqual(draft());
  });

  test("reads the same on a client that only received the server's updates", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    server.on("update", (update: Uint8Array) => Y.applyUpdate(client, update));
    writeDraftDocument(server, draft());
    writeDraftDocument(server, draft({ title: "Doctrine — first revision" }));
    expect(readDraftDocument(client, "draft-00000001")).toEqual(draft({ title: "Doctrine — first revision" }));
  });

  test("writing the same draft twice produces no Yjs update the second time", () => {
    const doc = new Y.Doc();
    writeDraftDocument(doc, draft());
    expect(updatesDuring(doc, () => writeDraftDocument(doc, draft()))).toHaveLength(0);
  });

  test("changing one section's penholders rewrites that field and nothing else", () => {
    const doc = new Y.Doc();
    writeDraftDocument(doc, draft());
    const changed = draft();
    const second = changed.sections[1];
    if (!second) throw new Error("fixture has a second section");
    second.penholders = ["user-sgp-0001", "user-int-0001"];
    const updates = updatesDuring(doc, () => writeDraftDocument(doc, changed));
    expect(updates).toHaveLength(1);
    const touched = Y.decodeUpdate(updates[0] ?? new Uint8Array()).structs;
    // One new value for `penholders` (the old one becomes a deletion, not a struct).
    expect(touched).toHaveLength(1);
    expect(readDraftDocument(doc, "draft-00000001")).toEqual(changed);
  });

  test("follows reordering, additions and removals of sections", () => {
    const doc = new Y.Doc();
    writeDraftDocument(doc, draft());
    const [first, second, third] = draft().sections;
    if (!first || !second || !third) throw new Error("fixture has three sections");
    const added = { id: "section-00005", title: "Annex", penholders: [], status: "drafting" as const };
    const next = draft({ sections: [third, added, first] });
    writeDraftDocument(doc, next);
    expect(readDraftDocument(doc, "draft-00000001")).toEqual(next);
    expect([...doc.getMap(DraftFields.sections).keys()].sort()).toEqual([first.id, third.id, added.id].sort());
  });

  test("an empty document reads as an empty draft rather than failing", () => {
    expect(readDraftDocument(new Y.Doc(), "draft-00000001")).toEqual({
      id: "draft-00000001",
      groupId: "",
      title: "",
      paragraphNumbers: true,
      sections: [],
    });
  });

  test("reading tolerates values of the wrong type instead of passing them on", () => {
    const doc = new Y.Doc();
    doc.getArray<string>(DraftFields.order).insert(0, ["section-00001", "section-missing"]);
    const entry = new Y.Map<unknown>();
    doc.getMap<Y.Map<unknown>>(DraftFields.sections).set("section-00001", entry);
    entry.set("title", 42);
    entry.set("status", "deleted");
    entry.set("penholders", ["user-usa-0001", 7, null]);
    expect(readDraftDocument(doc, "draft-00000001").sections).toEqual([
      { id: "section-00001", title: "", status: "drafting", penholders: ["user-usa-0001"] },
    ]);
  });
});
