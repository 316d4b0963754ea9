import { EDITOR_SCHEMA_VERSION } from "./editorVersion.ts";

/** Where the Hocuspocus websocket listens, on the same origin as the app and the API. */
export const COLLAB_PATH = "/collab";

/** Query parameters of the websocket URL, read by the server's authentication hook. */
export const CollabParams = {
  /** The editor schema version of the client; older clients are turned away. */
  editorVersion: "editorVersion",
} as const;

/**
 * Path and query of the websocket for a client whose editor has this schema
 * version. Clients that edit text announce it so that an outdated tab is told
 * to reload before it writes nodes a newer editor cannot read; protocol-only
 * clients (tests, tools) may leave it out.
 */
export function collabPathFor(editorVersion: number = EDITOR_SCHEMA_VERSION): string {
  return `${COLLAB_PATH}?${new URLSearchParams({ [CollabParams.editorVersion]: String(editorVersion) })}`;
}
