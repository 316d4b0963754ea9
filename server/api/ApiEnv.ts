import type { ClientInfo } from "../auth/proxy.ts";
import type { AuthenticatedSession } from "../storage/SessionStore.ts";

/** Per-request values set by the authentication middleware (`client`: by the HTTP app, for every request). */
export interface ApiEnv {
  Variables: {
    client: ClientInfo;
    auth: AuthenticatedSession;
    token: string;
  };
}
