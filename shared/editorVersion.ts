/**
 * Version of the editor schema (the node and mark types a section document may
 * hold). Bump it when the schema changes incompatibly: the server refuses
 * clients announcing an older version, so an old tab never writes nodes a new
 * editor cannot read.
 */
export const EDITOR_SCHEMA_VERSION = 2;

/** Name of the Y.XmlFragment bound to Tiptap in every `section:` document. */
export const SECTION_FRAGMENT = "content";
