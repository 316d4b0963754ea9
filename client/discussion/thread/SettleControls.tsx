import { useState } from "react";
import type { ProposalThread } from "../../../shared/discussion.ts";
import { FormError } from "../../components/FormError.tsx";
import { discussionApi, failureMessage, OutdatedProposalError } from "../discussionApi.ts";
import { OutdatedConfirm } from "./OutdatedConfirm.tsx";
import { RejectForm } from "./RejectForm.tsx";

/** Accept, or reject with a reason; an outdated proposal is accepted only after confirmation. */
export function SettleControls({ thread, onSettled }: { thread: ProposalThread; onSettled(): void }) {
  const [mode, setMode] = useState<"idle" | "rejecting" | "outdated">("idle");
  /** The text accepting would replace now, as the server last said; `canConfirm` false when it cannot be applied. */
  const [current, setCurrent] = useState({ text: "", canConfirm: true });
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const accept = async (confirm: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await discussionApi.accept(thread.id, confirm ? { current: current.text } : undefined);
      onSettled();
    } catch (caught) {
      if (caught instanceof OutdatedProposalError) {
        setCurrent({ text: caught.current, canConfirm: caught.canConfirm });
        setMode("outdated");
      } else {
        setError(failureMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const reject = async () => {
    if (reason.trim() === "") {
      setError("Say why the proposal is rejected.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await discussionApi.reject(thread.id, reason);
      onSettled();
    } catch (caught) {
      setError(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="settle-controls">
      {mode === "outdated" ? (
        <OutdatedConfirm
          current={current}
          replacement={thread.replacement}
          busy={busy}
          onCancel={() => setMode("idle")}
          onConfirm={() => void accept(true)}
        />
      ) : mode === "rejecting" ? (
        <RejectForm
          reason={reason}
          busy={busy}
          onReasonChange={setReason}
          onCancel={() => setMode("idle")}
          onSubmit={() => void reject()}
        />
      ) : (
        <div className="thread-card__actions">
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy}
            data-testid="accept-proposal"
            onClick={() => void accept(false)}
          >
            Accept
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            data-testid="reject-proposal"
            onClick={() => {
              setError(null);
              setMode("rejecting");
            }}
          >
            Reject…
          </button>
        </div>
      )}
      <FormError error={error} />
    </div>
  );
}
