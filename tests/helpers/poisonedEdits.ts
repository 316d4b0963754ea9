import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";

/** Edits a penholder's hostile client can make on its own copy; each breaks the section's structure. */
export const POISONED_EDITS: readonly [string, (doc: Y.Doc) => void][] = [
  ["a bare Y.XmlText at the top of content", (doc) => doc.getXmlFragment(SECTION_FRAGMENT).push([new Y.XmlText("x")])],
  ["a Y.Text named content", (doc) => mergeFrom(doc, (other) => other.getText(SECTION_FRAGMENT).insert(0, "x"))],
  ["a Y.Array named content", (doc) => mergeFrom(doc, (other) => other.getArray(SECTION_FRAGMENT).push(["x"]))],
  ["a Y.Map named content", (doc) => mergeFrom(doc, (other) => other.getMap(SECTION_FRAGMENT).set("x", 1))],
  ["another root type", (doc) => doc.getMap("evil").set("x", 1)],
  ["an element the editor schema lacks", (doc) => doc.getXmlFragment(SECTION_FRAGMENT).push([new Y.XmlElement("img")])],
  [
    "a mark the editor schema lacks",
    (doc) => {
      const paragraph = doc.getXmlFragment(SECTION_FRAGMENT).get(0);
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      if (text instanceof Y.XmlText) text.format(0, 2, { script: { src: "x" } });
    },
  ],
];

function mergeFrom(target: Y.Doc, write: (other: Y.Doc) => void): void {
  const other = new Y.Doc();
  write(other);
  Y.applyUpdate(target, Y.encodeStateAsUpdate(other));
}

/** The update a client sends after `edit` on a copy of `base`. */
export function poisonedUpdate(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  edit(doc);
  doc.destroy();
  return Y.mergeUpdates(updates);
}
