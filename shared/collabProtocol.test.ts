import { expect, test } from "vitest";
import { COLLAB_PATH, CollabParams, collabPathFor } from "./collabProtocol.ts";
import { EDITOR_SCHEMA_VERSION } from "./editorVersion.ts";

test("the websocket path carries the editor version under the parameter the server reads", () => {
  const url = new URL(collabPathFor(), "ws://plenary.test");
  expect(url.pathname).toBe(COLLAB_PATH);
  expect(url.searchParams.get(CollabParams.editorVersion)).toBe(String(EDITOR_SCHEMA_VERSION));
  expect(new URL(collabPathFor(7), "ws://plenary.test").searchParams.get(CollabParams.editorVersion)).toBe("7");
});
