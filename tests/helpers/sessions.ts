import { SessionStore } from "../../server/storage/SessionStore.ts";
import { UserStore } from "../../server/storage/UserStore.ts";
import { Demo, type DemoAccount, request, type Session } from "./api.ts";
import type { TestServer } from "./testServer.ts";

/**
 * A session for a demo account, opened directly in the server's database: the
 * same kind of token `POST /api/session` returns, without the deliberately
 * slow password check. For tests about what a session may do; tests about
 * signing in use `signIn`.
 */
export async function sessionFor(server: TestServer, account: DemoAccount): Promise<Session> {
  const found = await new UserStore(server.plenary.db).findByEmail(Demo[account]);
  if (!found) throw new Error(`no demo account ${account}`);
  const { token } = await new SessionStore(server.plenary.db, 3_600_000).create(found.user.id);
  return {
    token,
    user: found.user,
    request: (method, path, body) => request(server.url, method, path, { body, token }),
  };
}
