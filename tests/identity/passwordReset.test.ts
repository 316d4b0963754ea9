import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { AuditRecord, PasswordResetCreated, PasswordResetPreview } from "../../shared/types.ts";
import { DEMO_PASSWORD, demoWorkspace, expectApiError, request, signIn } from "../helpers/api.ts";
import { eventually, openDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "../workflow/recordingSocket.ts";

const NEW_PASSWORD = "a brand new passphrase";

test("the admin's reset link sets a new password once and signs the account out everywhere, websockets included", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const sgp = await signIn(server.url, "sgp");
  const recording = openRecordingSocket(server.wsUrl);
  const section = openDocument(recording.socket, sectionDocumentName(demo.section(2)), sgp.token);
  expect(await section.scope).toBe("read-write");

  const created = await admin.request<PasswordResetCreated>("POST", `/api/users/${sgp.user.id}/password-reset`);
  expect(created.status).toBe(201);
  const { token, url, expiresAt } = created.body;
  expect(url).toBe(`${server.url}/reset/${token}`);
  expect(expiresAt).toBeGreaterThan(Date.now());
  const preview = await request<PasswordResetPreview>(server.url, "GET", `/api/password-resets/${token}`);
  expect(preview.body).toEqual({ email: "sgp@plenary.test", name: "Singapore point of contact", expiresAt });

  expectApiError(
    await request(server.url, "POST", `/api/password-resets/${token}`, { body: { newPassword: "short" } }),
    400,
  );
  const used = await request(server.url, "POST", `/api/password-resets/${token}`, {
    body: { newPassword: NEW_PASSWORD },
  });
  expect(used.status).toBe(204);

  // Every session ended: the API refuses the old token, the open socket closed.
  expectApiError(await sgp.request("GET", "/api/me"), 401, "unauthorized");
  await eventually(() => expect(recording.closeCodes.length).toBeGreaterThan(0));
  const login = (password: string) =>
    request(server.url, "POST", "/api/session", { body: { email: "sgp@plenary.test", password } });
  expect((await login(DEMO_PASSWORD)).status).toBe(401);
  expect((await login(NEW_PASSWORD)).status).toBe(200);

  // Single use.
  expectApiError(await request(server.url, "GET", `/api/password-resets/${token}`), 404, "not_found");
  expectApiError(
    await request(server.url, "POST", `/api/password-resets/${token}`, {
      body: { newPassword: "yet another passphrase" },
    }),
    404,
    "not_found",
  );
  expect((await login(NEW_PASSWORD)).status).toBe(200);

  // A newer link for someone retires the older one.
  const older = (await admin.request<PasswordResetCreated>("POST", `/api/users/${demo.userId("fra")}/password-reset`))
    .body;
  const newer = (await admin.request<PasswordResetCreated>("POST", `/api/users/${demo.userId("fra")}/password-reset`))
    .body;
  expectApiError(await request(server.url, "GET", `/api/password-resets/${older.token}`), 404, "not_found");
  expect((await request(server.url, "GET", `/api/password-resets/${newer.token}`)).status).toBe(200);
  const log = (await admin.request<AuditRecord[]>("GET", "/api/audit?action=password.reset")).body;
  expect(log.map((e) => [e.action, e.target])).toEqual([
    ["password.reset.create", demo.userId("fra")],
    ["password.reset.create", demo.userId("fra")],
    ["password.reset", sgp.user.id],
    ["password.reset.create", sgp.user.id],
  ]);
});

test("only the admin creates reset links, and an expired one is dead", async () => {
  const server = await startTestServer({ passwordResetTtlMs: 300 });
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  for (const account of ["usa", "sgp"] as const) {
    expectApiError(
      await (await sessionFor(server, account)).request("POST", `/api/users/${demo.userId("fra")}/password-reset`),
      403,
      "forbidden",
    );
  }
  expectApiError(await admin.request("POST", "/api/users/unknown0000000000/password-reset"), 404, "not_found");

  const older = (await admin.request<PasswordResetCreated>("POST", `/api/users/${demo.userId("fra")}/password-reset`))
    .body;
  const newer = (await admin.request<PasswordResetCreated>("POST", `/api/users/${demo.userId("fra")}/password-reset`))
    .body;
  expectApiError(
    await request(server.url, "POST", `/api/password-resets/${older.token}`, { body: { newPassword: NEW_PASSWORD } }),
    404,
    "not_found",
  );
  await eventually(async () =>
    expectApiError(await request(server.url, "GET", `/api/password-resets/${newer.token}`), 404, "not_found"),
  );
  expectApiError(
    await request(server.url, "POST", `/api/password-resets/${newer.token}`, { body: { newPassword: NEW_PASSWORD } }),
    404,
    "not_found",
  );
  expect(
    (
      await request(server.url, "POST", "/api/session", {
        body: { email: "fra@plenary.test", password: DEMO_PASSWORD },
      })
    ).status,
  ).toBe(200);
});
