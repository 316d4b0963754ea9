import { expect } from "vitest";
import type { Bracket, DraftProgress, SilenceProcedure } from "../../shared/negotiation.ts";
import type { AuditRecord } from "../../shared/types.ts";
import type { Session } from "./api.ts";
import { anchorOn } from "./discussion.ts";
import type { TestServer } from "./testServer.ts";

/** Brackets `words` in the section, as `as`, with the given alternatives; expects 201. */
export async function bracket(
  server: TestServer,
  as: Session,
  draftId: string,
  sectionId: string,
  words: string,
  alternatives?: string[],
): Promise<Bracket> {
  const anchor = await anchorOn(server, as.token, sectionId, words);
  const result = await as.request<Bracket>("POST", `/api/drafts/${draftId}/brackets`, {
    sectionId,
    anchor,
    ...(alternatives && { alternatives }),
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

export async function bracketsOf(as: Session, draftId: string): Promise<Bracket[]> {
  const result = await as.request<Bracket[]>("GET", `/api/drafts/${draftId}/brackets`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

export async function progressOf(as: Session, draftId: string): Promise<DraftProgress> {
  const result = await as.request<DraftProgress>("GET", `/api/drafts/${draftId}/progress`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

export async function silenceOf(as: Session, draftId: string): Promise<SilenceProcedure | null> {
  const result = await as.request<SilenceProcedure | null>("GET", `/api/drafts/${draftId}/silence`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

/** Withdraws every open bracket of the draft (as a lead), so the draft can go under silence. */
export async function withdrawAll(lead: Session, draftId: string): Promise<void> {
  for (const open of (await bracketsOf(lead, draftId)).filter((b) => b.status === "open")) {
    const result = await lead.request("POST", `/api/brackets/${open.id}/resolve`, { withdraw: true });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  }
}

export async function auditOf(lead: Session, groupId: string, action: string): Promise<AuditRecord[]> {
  const result = await lead.request<AuditRecord[]>("GET", `/api/groups/${groupId}/audit?action=${action}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}
