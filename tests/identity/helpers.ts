import type { AuditRecord, InvitationCreated, SessionResponse } from "../../shared/types.ts";
import { request, type Session } from "../helpers/api.ts";

export const PASSWORD = "a long enough password";

export function invite(by: Session, groupId: string, body: { email: string; role: string; delegation?: string }) {
  return by.request<InvitationCreated>("POST", `/api/groups/${groupId}/invitations`, body);
}

export function accept(baseUrl: string, token: string, body: unknown, sessionToken?: string) {
  return request<SessionResponse | { groupId: string }>(baseUrl, "POST", `/api/invitations/${token}/accept`, {
    body,
    ...(sessionToken && { token: sessionToken }),
  });
}

/** A session for an account created by accepting an invitation. */
export function sessionOf(baseUrl: string, created: SessionResponse): Session {
  return {
    token: created.token,
    user: created.user,
    request: (method, path, body) => request(baseUrl, method, path, { body, token: created.token }),
  };
}

export async function auditOf(admin: Session, query = ""): Promise<AuditRecord[]> {
  return (await admin.request<AuditRecord[]>("GET", `/api/audit?limit=500${query}`)).body;
}
