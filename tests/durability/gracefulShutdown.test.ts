import { expect, test } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, eventually, openDocument } from "../helpers/collabClient.ts";
import { openReconnectingSocket } from "../helpers/durability.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("a shutdown closes sockets with 'server restarting', and clients reconnect by themselves and keep syncing", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const name = sectionDocumentName(demo.section(1));
  const usa = openReconnectingSocket(server.wsUrl);
  const secretariat = openReconnectingSocket(server.wsUrl);
  const writer = openDocument(usa.socket, name, (await sessionFor(server, "usa")).token);
  const reader = openDocument(secretariat.socket, name, (await sessionFor(server, "secretariat")).token);
  await Promise.all([writer.synced, reader.synced]);
  appendParagraph(writer.doc, "Typed before the restart.");
  await allAcknowledged(writer);

  // restart() is the same graceful shutdown SIGTERM runs, then a new server on the same port and data.
  await server.restart();
  expect(usa.closeCodes).toContain(CloseCodes.serverRestarting.code);
  expect(secretariat.closeCodes).toContain(CloseCodes.serverRestarting.code);

  appendParagraph(writer.doc, "Typed after the restart.");
  await eventually(() => expect(reader.text()).toContain("Typed after the restart."), 10_000);
  expect(reader.text()).toContain("Typed before the restart.");
  await allAcknowledged(writer, 10_000);
});
