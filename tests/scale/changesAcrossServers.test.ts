import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { expect, test } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { SilenceProcedure } from "../../shared/negotiation.ts";
import type { VersionSummary } from "../../shared/types.ts";
import { DEMO_PASSWORD, demoWorkspace, signIn } from "../helpers/api.ts";
import { startCluster } from "../helpers/cluster.ts";
import { eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { auditOf, silenceOf, withdrawAll } from "../helpers/negotiation.ts";

const GENEROUS_MS = 15_000;

/** A socket to `wsUrl` (not reconnecting) with the close codes it received. */
function watchedSocket(wsUrl: string): { socket: HocuspocusProviderWebsocket; closes: number[] } {
  const socket = openSocket(wsUrl);
  const closes: number[] = [];
  socket.on("close", ({ event }: { event: { code: number } }) => closes.push(event.code));
  return { socket, closes };
}

async function connectedTo(wsUrl: string, name: string, token: string) {
  const watched = watchedSocket(wsUrl);
  const client = openDocument(watched.socket, name, token);
  expect(await client.scope).not.toBe("denied");
  await client.synced;
  return watched;
}

test("a member removed through server A is disconnected from both servers", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(3));
  const fra = await signIn(a.url, "fra");
  const onA = await connectedTo(a.wsUrl, name, fra.token);
  const onB = await connectedTo(b.wsUrl, name, fra.token);
  // Someone else on B stays.
  const bystander = await connectedTo(b.wsUrl, name, (await signIn(b.url, "sgp")).token);

  const usa = await signIn(a.url, "usa");
  const removed = await usa.request("DELETE", `/api/groups/${demo.wg1.id}/members/${fra.user.id}`);
  expect(removed.status, JSON.stringify(removed.body)).toBeLessThan(300);
  await eventually(() => {
    expect(onA.closes).toContain(CloseCodes.accessRevoked.code);
    expect(onB.closes).toContain(CloseCodes.accessRevoked.code);
  }, GENEROUS_MS);
  expect(bystander.closes).toEqual([]);
});

test("a session signed out through one server, and another ended by a password change, are closed on both", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(2));

  // Singapore signs out through B; its session had sockets on A and B.
  const leaving = await signIn(a.url, "sgp");
  const leavingOnA = await connectedTo(a.wsUrl, name, leaving.token);
  const leavingOnB = await connectedTo(b.wsUrl, name, leaving.token);
  // France changes its password through A: its other session, open on B, ends.
  const fraOld = await signIn(b.url, "fra");
  const fraOldOnB = await connectedTo(b.wsUrl, name, fraOld.token);
  const fraNew = await signIn(a.url, "fra");
  const fraNewOnB = await connectedTo(b.wsUrl, name, fraNew.token);

  const signedOut = await leaving.request("DELETE", "/api/session");
  expect(signedOut.status).toBeLessThan(300);
  const changed = await fraNew.request("PUT", "/api/me/password", {
    currentPassword: DEMO_PASSWORD,
    newPassword: "a new password for France",
  });
  expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);

  await eventually(() => {
    expect(leavingOnA.closes).toContain(CloseCodes.sessionEnded.code);
    expect(leavingOnB.closes).toContain(CloseCodes.sessionEnded.code);
    expect(fraOldOnB.closes).toContain(CloseCodes.sessionEnded.code);
  }, GENEROUS_MS);
  // The session that changed the password stays.
  expect(fraNewOnB.closes).toEqual([]);
});

test("a silence deadline armed on both servers adopts the text exactly once", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const draftId = demo.doctrine.id;
  const usa = await signIn(a.url, "usa");
  await withdrawAll(usa, draftId);
  // Both servers hold the draft open, so both follow the procedure live.
  for (const server of [a, b]) await connectedTo(server.wsUrl, sectionDocumentName(demo.section(1)), usa.token);

  const until = new Date(Date.now() + 2_000).toISOString();
  const started = await usa.request<SilenceProcedure>("POST", `/api/drafts/${draftId}/silence`, { until });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const onB = await signIn(b.url, "secretariat");
  await eventually(async () => expect((await silenceOf(onB, draftId))?.status).toBe("adopted"), GENEROUS_MS);

  // Both servers' timers fired at the deadline; the database let one adopt.
  const adoptions = await auditOf(onB, demo.wg1.id, "silence.adopt");
  expect(adoptions).toHaveLength(1);
  const versions = (await onB.request<VersionSummary[]>("GET", `/api/drafts/${draftId}/versions`)).body;
  expect(versions.filter((version) => version.name.startsWith("Adopted under silence procedure"))).toHaveLength(1);
});

test("a silence started through a server that then dies is adopted by the other at its deadline", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const draftId = demo.doctrine.id;
  const usa = await signIn(a.url, "usa");
  await withdrawAll(usa, draftId);
  const watcher = await signIn(b.url, "secretariat");

  const until = new Date(Date.now() + 4_000).toISOString();
  const started = await usa.request<SilenceProcedure>("POST", `/api/drafts/${draftId}/silence`, { until });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  // B heard of the procedure (it does not restart, so only the event can have told it).
  await eventually(async () => expect((await silenceOf(watcher, draftId))?.status).toBe("running"), GENEROUS_MS);
  await a.kill("SIGKILL");

  await eventually(async () => expect((await silenceOf(watcher, draftId))?.status).toBe("adopted"), GENEROUS_MS);
  expect(await auditOf(watcher, demo.wg1.id, "silence.adopt")).toHaveLength(1);
});
