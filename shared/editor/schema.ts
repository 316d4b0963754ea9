import { getSchema } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { editorExtensions } from "./extensions.ts";

/** The ProseMirror schema of a section, derived from the editor's extensions. */
export const editorSchema: Schema = getSchema(editorExtensions());
