import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("two members converge", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url);
  const usa = await signIn(server.url, "usa");
  const sgp = await signIn(server.url, "sgp");
  const name = sectionDocumentName(demo.section(1));
  const a = openDocument(openSocket(server.wsUrl), name, usa.token);
  const b = openDocument(openSocket(server.wsUrl), name, sgp.token);
  expect(await a.scope).toBe("read-write");
  expect(await b.scope).toBe("readonly");
  await a.synced;
  await b.synced;
  expect(a.text()).toContain("This doctrine sets out");
  appendParagraph(a.doc, "Added by the United States.");
  await allAcknowledged(a);
  await eventually(() => expect(b.text()).toContain("Added by the United States."));
  await server.restart();
  const c = openDocument(openSocket(server.wsUrl), name, (await signIn(server.url, "fra")).token);
  await c.synced;
  expect(c.text()).toContain("Added by the United States.");
});
