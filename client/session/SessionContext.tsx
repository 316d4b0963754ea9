import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { User } from "../../shared/types.ts";
import { ApiError, api, onUnauthorized } from "../api/apiClient.ts";
import { forgetUser, remember } from "../api/offlineCache.ts";

export type SessionState =
  | { status: "loading" }
  /** `returnTo`: the page to come back to after signing in again, if any. */
  | { status: "signedOut"; notice: string | null; returnTo: boolean }
  | { status: "signedIn"; user: User }
  | { status: "unreachable"; message: string };

interface SessionApi {
  state: SessionState;
  signedIn(user: User): void;
  signOut(): Promise<void>;
  /** The server ended the session (revoked, expired): back to sign-in with a reason. */
  sessionEnded(notice: string): void;
  retry(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let cancelled = false;
    setState({ status: "loading" });
    api
      .me()
      .then((user) => {
        if (!cancelled) setState({ status: "signedIn", user });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) {
          forgetUser();
          setState({ status: "signedOut", notice: null, returnTo: true });
        } else
          setState({
            status: "unreachable",
            message: error instanceof Error ? error.message : "Cannot reach the server.",
          });
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const sessionEnded = useCallback((notice: string) => {
    forgetUser();
    setState((current) => (current.status === "signedIn" ? { status: "signedOut", notice, returnTo: true } : current));
  }, []);

  useEffect(() => onUnauthorized(() => sessionEnded("Your session has ended. Please sign in again.")), [sessionEnded]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      signedIn: (user) => {
        remember("/me", user);
        setState({ status: "signedIn", user });
      },
      signOut: async () => {
        // Signing out locally must not depend on the server answering.
        await api.signOut().catch(() => undefined);
        forgetUser();
        setState({ status: "signedOut", notice: "You have signed out.", returnTo: false });
      },
      sessionEnded,
      retry: () => setAttempt((n) => n + 1),
    }),
    [state, sessionEnded],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>.");
  return session;
}

/** The signed-in user; only pages rendered behind the sign-in gate call it. */
export function useCurrentUser(): User {
  const { state } = useSession();
  if (state.status !== "signedIn") throw new Error("useCurrentUser needs a signed-in session.");
  return state.user;
}
