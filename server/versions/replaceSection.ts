import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";

/**
 * The update that makes a live section document hold the text of a stored
 * state, as a new change: the current content is deleted and the stored
 * content inserted as new items. History is kept (the document only grows),
 * open editors receive it like any edit, and its new items are the restorer's.
 *
 * `live` is not touched: the update is computed on a copy, so that it can be
 * made durable (with its audit entry) before anyone sees it. Null when the
 * live text already is the stored one.
 */
export function restoreUpdate(live: Y.Doc, state: Uint8Array): Uint8Array | null {
  const source = new Y.Doc();
  // A fresh client id: the copy's new items must not collide with the live document's own.
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(source, state);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    const stored = source.getXmlFragment(SECTION_FRAGMENT);
    const fragment = copy.getXmlFragment(SECTION_FRAGMENT);
    if (fragment.toString() === stored.toString()) return null;
    const clones = stored.toArray().map((node) => node.clone());
    const updates: Uint8Array[] = [];
    copy.on("update", (update: Uint8Array) => updates.push(update));
    copy.transact(() => {
      fragment.delete(0, fragment.length);
      fragment.insert(0, clones as (Y.XmlElement | Y.XmlText)[]);
    });
    return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
  } finally {
    source.destroy();
    copy.destroy();
  }
}
