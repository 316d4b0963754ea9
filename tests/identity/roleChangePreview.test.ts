import { expect, test } from "vitest";
import { draftDocumentName } from "../../shared/documentNames.ts";
import { parseRoleMessage } from "../../shared/roleMessage.ts";
import type { AuditRecord, MemberChangePreview } from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot } from "../helpers/api.ts";
import { eventually, openDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "../workflow/recordingSocket.ts";

test("the preview of a demotion names the pen it drops and changes nothing; the change then does exactly that and its audit entry says so", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const usa = await sessionFor(server, "usa");
  const demo = await demoWorkspace(server.url, admin);
  const interpol = demo.userId("interpol");
  const before = await groupSnapshot(admin, demo.wg1.id);

  const preview = await usa.request<MemberChangePreview>(
    "GET",
    `/api/groups/${demo.wg1.id}/members/${interpol}/preview?role=observer`,
  );
  expect(preview.status).toBe(200);
  const penDropped = {
    kind: "penDropped",
    sectionId: demo.section(4),
    sectionTitle: "Cooperation with INTERPOL and regional organisations",
    sectionNumber: 4,
    draftId: demo.doctrine.id,
    draftTitle: demo.doctrine.title,
  };
  expect(preview.body).toEqual({
    userId: interpol,
    name: "INTERPOL liaison",
    delegation: "INTERPOL",
    from: "member",
    to: "observer",
    refusal: null,
    effects: [penDropped],
  });
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);

  // Removal: the pen and access; a promotion back drops nothing.
  const removal = await usa.request<MemberChangePreview>(
    "GET",
    `/api/groups/${demo.wg1.id}/members/${interpol}/preview`,
  );
  expect(removal.body.effects).toEqual([penDropped, { kind: "accessLost" }]);
  expect(
    (
      await usa.request<MemberChangePreview>(
        "GET",
        `/api/groups/${demo.wg1.id}/members/${demo.userId("au")}/preview?role=member`,
      )
    ).body.effects,
  ).toEqual([]);

  const changed = await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${interpol}`, { role: "observer" });
  expect(changed.status).toBe(200);
  const [entry] = (await admin.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit?action=member.role`))
    .body;
  expect(entry?.details).toEqual({
    from: "member",
    to: "observer",
    penholderRemovedFromDrafts: [demo.doctrine.id],
    effects: [penDropped],
  });
});

test("previews follow the role rules: the last lead's demotion is refused in advance; leads cannot preview a lead's change", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const fra = await sessionFor(server, "fra");
  // WG2: the secretariat and France lead. Removing the secretariat's lead role leaves France: allowed.
  const secretariat = await admin.request<MemberChangePreview>(
    "GET",
    `/api/groups/${demo.wg2.id}/members/${admin.user.id}/preview?role=member`,
  );
  expect(secretariat.body.refusal).toBeNull();
  expect(
    (await admin.request("PATCH", `/api/groups/${demo.wg2.id}/members/${admin.user.id}`, { role: "member" })).status,
  ).toBe(200);
  const last = await admin.request<MemberChangePreview>(
    "GET",
    `/api/groups/${demo.wg2.id}/members/${fra.user.id}/preview?role=observer`,
  );
  expect(last.status).toBe(200);
  expect(last.body.refusal).toMatch(/at least one lead/);
  expectApiError(
    await admin.request("PATCH", `/api/groups/${demo.wg2.id}/members/${fra.user.id}`, { role: "observer" }),
    409,
    "conflict",
  );
  expectApiError(
    await (await sessionFor(server, "usa")).request(
      "GET",
      `/api/groups/${demo.wg1.id}/members/${admin.user.id}/preview?role=member`,
    ),
    403,
    "forbidden",
  );
  expectApiError(
    await (await sessionFor(server, "sgp")).request(
      "GET",
      `/api/groups/${demo.wg1.id}/members/${demo.userId("au")}/preview`,
    ),
    403,
    "forbidden",
  );
  expectApiError(
    await admin.request("GET", `/api/groups/${demo.wg1.id}/members/${demo.userId("gha")}/preview?role=member`),
    404,
    "not_found",
  );
  expectApiError(
    await admin.request("GET", `/api/groups/${demo.wg1.id}/members/${demo.userId("au")}/preview?role=chair`),
    400,
    "bad_request",
  );
});

test("a demoted member's open draft page is told its new role at once, without reconnecting", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  const demo = await demoWorkspace(server.url, admin);
  const recording = openRecordingSocket(server.wsUrl);
  const draft = openDocument(recording.socket, draftDocumentName(demo.doctrine.id), sgp.token);
  const roles: (string | null)[] = [];
  draft.provider.on("stateless", ({ payload }: { payload: string }) => {
    const message = parseRoleMessage(payload);
    if (message) roles.push(message.role);
  });
  await draft.synced;

  expect(
    (await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${sgp.user.id}`, { role: "observer" })).status,
  ).toBe(200);
  await eventually(() => expect(roles.at(-1)).toBe("observer"));
  expect(
    (await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${sgp.user.id}`, { role: "member" })).status,
  ).toBe(200);
  await eventually(() => expect(roles.at(-1)).toBe("member"));
  expect(recording.closeCodes).toEqual([]);
});
