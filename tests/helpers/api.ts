import { expect } from "vitest";
import type {
  ApiErrorBody,
  ApiErrorCode,
  DraftDetail,
  GroupDetail,
  GroupSummary,
  SessionResponse,
  User,
} from "../../shared/types.ts";

export const DEMO_PASSWORD = "plenary-demo";

export const Demo = {
  secretariat: "secretariat@plenary.test",
  usa: "usa@plenary.test",
  sgp: "sgp@plenary.test",
  fra: "fra@plenary.test",
  gha: "gha@plenary.test",
  au: "au@plenary.test",
  interpol: "interpol@plenary.test",
} as const;
export type DemoAccount = keyof typeof Demo;

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in API client speaking bearer tokens. */
export interface Session {
  token: string;
  user: User;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>>;
}

export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function signIn(baseUrl: string, account: DemoAccount): Promise<Session> {
  const result = await request<SessionResponse>(baseUrl, "POST", "/api/session", {
    body: { email: Demo[account], password: DEMO_PASSWORD },
  });
  if (result.status !== 200) throw new Error(`sign-in as ${account} failed: ${result.status}`);
  const { token, user } = result.body;
  return {
    token,
    user,
    request: (method, path, body) => request(baseUrl, method, path, { body, token }),
  };
}

export interface DemoWorkspace {
  wg1: GroupDetail;
  wg2: GroupDetail;
  doctrine: DraftDetail;
  tocDraft: DraftDetail;
  /** Section ids of the doctrine draft, by number (1-based as in the issue). */
  section(n: 1 | 2 | 3 | 4 | 5): string;
  userId(account: DemoAccount): string;
}

/** Looks up the ids of the seeded workspace through the API, as the site admin (signed in unless given). */
export async function demoWorkspace(baseUrl: string, asAdmin?: Session): Promise<DemoWorkspace> {
  const admin = asAdmin ?? (await signIn(baseUrl, "secretariat"));
  const groups = (await admin.request<GroupSummary[]>("GET", "/api/groups")).body;
  const byName = (fragment: string) => {
    const group = groups.find((g) => g.name.includes(fragment));
    if (!group) throw new Error(`no group named like ${fragment}`);
    return group.id;
  };
  const wg1 = (await admin.request<GroupDetail>("GET", `/api/groups/${byName("police doctrine")}`)).body;
  const wg2 = (await admin.request<GroupDetail>("GET", `/api/groups/${byName("organized crime")}`)).body;
  const doctrineId = wg1.drafts[0]?.id;
  const tocId = wg2.drafts[0]?.id;
  if (!doctrineId || !tocId) throw new Error("seeded drafts missing");
  const doctrine = (await admin.request<DraftDetail>("GET", `/api/drafts/${doctrineId}`)).body;
  const tocDraft = (await admin.request<DraftDetail>("GET", `/api/drafts/${tocId}`)).body;
  const users = new Map<string, string>();
  for (const member of [...wg1.members, ...wg2.members]) users.set(member.name, member.userId);
  const names: Record<DemoAccount, string> = {
    secretariat: "Police Division secretariat",
    usa: "United States point of contact",
    sgp: "Singapore point of contact",
    fra: "France point of contact",
    gha: "Ghana point of contact",
    au: "African Union liaison",
    interpol: "INTERPOL liaison",
  };
  return {
    wg1,
    wg2,
    doctrine,
    tocDraft,
    section(n) {
      const id = doctrine.sections[n - 1]?.id;
      if (!id) throw new Error(`no section ${n}`);
      return id;
    },
    userId(account) {
      const id = users.get(names[account]);
      if (!id) throw new Error(`no user ${account}`);
      return id;
    },
  };
}

/** Asserts an API failure: the status, and the `{error: {code, message}}` body every failure has. */
export function expectApiError(result: ApiResult, status: number, code?: ApiErrorCode): void {
  const summary = `${result.status} ${JSON.stringify(result.body)}`;
  expect(result.status, summary).toBe(status);
  const body = result.body as Partial<ApiErrorBody> | null;
  expect(body?.error, summary).toEqual({ code: expect.any(String), message: expect.any(String) });
  expect(body?.error?.message.length, summary).toBeGreaterThan(0);
  if (code) expect(body?.error?.code, summary).toBe(code);
}

/**
 * Everything the API says about a group and its drafts, read by `reader` (use
 * a lead or the admin). Compare two snapshots to prove that nothing changed.
 */
export async function groupSnapshot(
  reader: Session,
  groupId: string,
): Promise<{ group: GroupDetail; drafts: DraftDetail[] }> {
  const group = await reader.request<GroupDetail>("GET", `/api/groups/${groupId}`);
  if (group.status !== 200) throw new Error(`cannot read group ${groupId}: ${group.status}`);
  const drafts: DraftDetail[] = [];
  for (const { id } of group.body.drafts) {
    const draft = await reader.request<DraftDetail>("GET", `/api/drafts/${id}`);
    if (draft.status !== 200) throw new Error(`cannot read draft ${id}: ${draft.status}`);
    drafts.push(draft.body);
  }
  return { group: group.body, drafts };
}

/** A well-formed id that names nothing. */
export function unknownId(): string {
  return `unknown${Math.random().toString(36).slice(2, 12).padEnd(10, "0")}`;
}
