import type { AuthenticatedSession } from "../storage/SessionStore.ts";

/** Per-request values set by the authentication middleware. */
export interface ApiEnv {
  Variables: {
    auth: AuthenticatedSession;
    token: string;
  };
}
