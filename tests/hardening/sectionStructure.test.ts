import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as Y from "yjs";
import { DocumentLog } from "../../server/storage/DocumentLog.ts";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { POISONED_EDITS, poisonedUpdate } from "../helpers/poisonedEdits.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

// Hocuspocus logs each connection it closes because of a refused update.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

const server = sharedTestServer();

describe("section structure on the server", () => {
  test.each(POISONED_EDITS)(
    "refuses %s from a penholder (4422): nothing stored, applied or broadcast",
    async (_label, edit) => {
      const { url, wsUrl, plenary } = server.current;
      const demo = await demoWorkspace(url);
      const name = sectionDocumentName(demo.section(1));
      const log = new DocumentLog(plenary.db);
      const reader = openDocument(openSocket(wsUrl), name, (await signIn(url, "sgp")).token);
      await reader.synced;
      const seen: Uint8Array[] = [];
      reader.doc.on("update", (update: Uint8Array) => seen.push(update));

      const writer = await RawClient.connect(wsUrl);
      const reply = await writer.authenticate(name, (await signIn(url, "usa")).token);
      expect(reply).toMatchObject({ type: "authenticated", scope: "read-write" });
      const base = await writer.fetchState(name);
      const storedBefore = (await log.load(name)).map((part) => Buffer.from(part).toString("base64"));
      const live = plenary.collab.hocuspocus.documents.get(name);
      if (!live) throw new Error(`${name} is not loaded`);
      const liveBefore = Y.encodeStateVector(live);

      writer.sendUpdate(name, poisonedUpdate(base, edit));
      expect((await writer.closed).code).toBe(CloseCodes.updateRejected.code);

      expect((await log.load(name)).map((part) => Buffer.from(part).toString("base64"))).toEqual(storedBefore);
      expect(Y.encodeStateVector(live)).toEqual(liveBefore);
      expect([...live.share.keys()].filter((key) => key !== SECTION_FRAGMENT)).toEqual([]);
      // A later honest edit reaches the reader; the refused one never did.
      const colleague = openDocument(openSocket(wsUrl), name, (await signIn(url, "secretariat")).token);
      await colleague.synced;
      appendParagraph(colleague.doc, `after ${_label}`);
      await allAcknowledged(colleague);
      await eventually(() => expect(reader.doc.getXmlFragment(SECTION_FRAGMENT).toString()).toContain(_label));
      expect(seen).toHaveLength(1);
    },
  );
});
