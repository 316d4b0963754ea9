import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";

/**
 * Makes a live section document hold the text of a stored state, as a new
 * change: the current content is deleted and the stored content inserted as
 * new items. History is kept (the document only grows), open editors receive
 * it like any edit, and the log records it as the restorer's.
 */
export function replaceSectionContent(live: Y.Doc, state: Uint8Array): void {
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, state);
    const clones = source
      .getXmlFragment(SECTION_FRAGMENT)
      .toArray()
      .map((node) => node.clone());
    const fragment = live.getXmlFragment(SECTION_FRAGMENT);
    live.transact(() => {
      fragment.delete(0, fragment.length);
      fragment.insert(0, clones as (Y.XmlElement | Y.XmlText)[]);
    });
  } finally {
    source.destroy();
  }
}
