import { afterAll, beforeAll, expect, vi } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { POISONED_EDITS, poisonedUpdate } from "../helpers/poisonedEdits.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

// Hocuspocus logs each connection it closes because of a refused update.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

test("after every poisoned update a penholder's client can send, the section still shows its text and takes typing", async ({
  server,
  workspace,
  openDraftAs,
  onServer,
}) => {
  const name = sectionDocumentName(workspace.section(1));
  const original = onServer.sectionText(1);
  expect(original).toContain("This doctrine sets out");

  for (const [label, edit] of POISONED_EDITS) {
    const attacker = await RawClient.connect(server.wsUrl);
    await attacker.authenticate(name, (await sessionFor(server, "usa")).token);
    attacker.sendUpdate(name, poisonedUpdate(await attacker.fetchState(name), edit));
    const { code } = await attacker.closed;
    expect(code, label).toBe(CloseCodes.updateRejected.code);
  }

  // A lead opens the draft afterwards: the section renders its text and typing keeps it.
  const lead = await openDraftAs("secretariat");
  await expect.poll(() => lead.sectionText(1), LIVE).toContain("This doctrine sets out");
  await lead.typeInto(1, " Reviewed.");
  await expect.poll(() => onServer.sectionText(1), LIVE).toContain("Reviewed.");
  expect(onServer.sectionText(1)).toContain("This doctrine sets out");
  expect(onServer.sectionText(1)).toContain("It applies to formed police units");
});
