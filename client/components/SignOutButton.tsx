import { useCallback, useEffect, useId, useRef, useState } from "react";
import { LocalStore } from "../collab/LocalStore.ts";
import { useCurrentUser, useSession } from "../session/SessionContext.tsx";

/** How often to look again whether the changes kept on this device have reached the server. */
const RECHECK_MS = 500;

type Step = { name: "idle" } | { name: "checking" } | { name: "unsent"; count: number } | { name: "sending" };

/**
 * Signing out deletes what this device kept of the person's drafts (a shared
 * computer in a conference room must not hand the text to the next person).
 * Edits the server has not received yet are never deleted silently: the
 * person chooses to send them first or to keep them on this device.
 */
export function SignOutButton() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const [step, setStep] = useState<Step>({ name: "idle" });
  const questionId = useId();
  const button = useRef<HTMLButtonElement>(null);

  const leave = useCallback(
    async (keepOnDevice: boolean) => {
      if (!keepOnDevice) await LocalStore.clearAllOf(user.id);
      await signOut();
    },
    [user.id, signOut],
  );

  const start = async () => {
    setStep({ name: "checking" });
    const count = await LocalStore.countPendingOf(user.id);
    if (count === 0) {
      await leave(false);
      return;
    }
    setStep({ name: "unsent", count });
  };

  // While sending: sign out as soon as the server has acknowledged everything.
  useEffect(() => {
    if (step.name !== "sending") return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const count = await LocalStore.countPendingOf(user.id);
      if (cancelled) return;
      if (count === 0) {
        await leave(false);
        return;
      }
      timer = setTimeout(() => void check(), RECHECK_MS);
    };
    void check();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [step.name, user.id, leave]);

  const cancel = () => {
    setStep({ name: "idle" });
    button.current?.focus();
  };

  return (
    <div className="sign-out">
      <button
        ref={button}
        type="button"
        className="button button--quiet"
        disabled={step.name === "checking"}
        aria-expanded={step.name === "unsent" || step.name === "sending"}
        onClick={() => void start()}
      >
        Sign out
      </button>
      {(step.name === "unsent" || step.name === "sending") && (
        <div
          className="sign-out__question"
          role="alertdialog"
          aria-labelledby={questionId}
          data-testid="sign-out-unsent"
          onKeyDown={(event) => {
            if (event.key === "Escape") cancel();
          }}
        >
          {step.name === "unsent" ? (
            <>
              <p id={questionId} className="sign-out__text">
                {step.count === 1
                  ? "Changes you made in 1 document have not reached the server yet."
                  : `Changes you made in ${step.count} documents have not reached the server yet.`}{" "}
                Signing out deletes what this device keeps of your drafts.
              </p>
              <div className="sign-out__actions">
                <button
                  type="button"
                  className="button button--small button--primary"
                  // biome-ignore lint/a11y/noAutofocus: the question opens because the person chose to sign out.
                  autoFocus
                  data-testid="send-then-sign-out"
                  onClick={() => setStep({ name: "sending" })}
                >
                  Send them, then sign out
                </button>
                <button
                  type="button"
                  className="button button--small"
                  data-testid="keep-and-sign-out"
                  onClick={() => void leave(true)}
                >
                  Keep them on this device and sign out
                </button>
                <button type="button" className="button button--small button--quiet" onClick={cancel}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <>
              <p id={questionId} className="sign-out__text" role="status">
                {navigator.onLine
                  ? "Sending your changes… You will be signed out once the server has them. Keep the draft open."
                  : "You are offline: your changes are sent when the connection returns, then you are signed out."}
              </p>
              <div className="sign-out__actions">
                <button type="button" className="button button--small button--quiet" onClick={cancel}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
