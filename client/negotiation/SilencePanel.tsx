import { type FormEvent, useEffect, useId, useState } from "react";
import type { SilenceProcedure } from "../../shared/negotiation.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import { errorMessage } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { negotiationApi } from "./negotiationApi.ts";
import { countdownInWords, deadlineInWords, localInputValue } from "./silenceTime.ts";

interface SilencePanelProps {
  draftId: string;
  silence: SilenceProcedure | null;
  actor: Actor;
  user: User;
  openBrackets: number;
}

/**
 * The silence procedure on the draft page: the countdown while it runs (for
 * everyone), how it ended, and the lead's form to circulate the text.
 */
export function SilencePanel({ draftId, silence, actor, user, openBrackets }: SilencePanelProps) {
  const running = silence?.status === "running" ? silence : null;
  return (
    <div className="silence-panel">
      {running ? (
        <SilenceCountdown procedure={running} actor={actor} user={user} />
      ) : (
        silence && <SilenceOutcome procedure={silence} />
      )}
      {!running && can(actor, Actions.circulate) && <StartSilenceForm draftId={draftId} openBrackets={openBrackets} />}
    </div>
  );
}

function SilenceCountdown({ procedure, actor, user }: { procedure: SilenceProcedure; actor: Actor; user: User }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const deadline = deadlineInWords(procedure.until);
  return (
    <section className="banner banner--info silence-banner" data-testid="silence-banner" aria-label="Silence procedure">
      <p className="silence-banner__title">
        <strong>Under silence procedure.</strong> The text is frozen: it is adopted at the deadline unless a delegation
        breaks silence.
      </p>
      <p>
        Deadline: <time dateTime={procedure.until}>{deadline.local}</time>{" "}
        <span className="muted">({deadline.zone})</span> — {deadline.utc}
      </p>
      <p className="silence-banner__countdown" data-testid="silence-countdown" aria-live="off">
        {countdownInWords(procedure.until, now)}
      </p>
      <p className="muted">
        Circulated by {procedure.startedBy.name} ({procedure.startedBy.delegation}).
      </p>
      {can(actor, Actions.breakSilence) && <BreakSilenceForm procedure={procedure} delegation={user.delegation} />}
      {can(actor, Actions.circulate) && <WithdrawSilenceButton procedure={procedure} />}
    </section>
  );
}

function SilenceOutcome({ procedure }: { procedure: SilenceProcedure }) {
  const deadline = deadlineInWords(procedure.until);
  const ended = procedure.endedAt ? new Date(procedure.endedAt).toLocaleString() : "";
  if (procedure.status === "broken") {
    return (
      <p className="banner banner--error" data-testid="silence-outcome" data-status="broken">
        Silence was broken by <strong>{procedure.brokenBy?.delegation}</strong> ({procedure.brokenBy?.name}) on {ended}:
        “{procedure.reason}”. The text is open again.
      </p>
    );
  }
  if (procedure.status === "adopted") {
    return (
      <p className="banner banner--info" data-testid="silence-outcome" data-status="adopted">
        Adopted under silence procedure at the deadline ({deadline.local}, {deadline.utc}): every section is agreed.
      </p>
    );
  }
  return (
    <p className="banner banner--info" data-testid="silence-outcome" data-status="withdrawn">
      The silence procedure was withdrawn by {procedure.withdrawnBy?.name} ({procedure.withdrawnBy?.delegation}) on{" "}
      {ended}. The text is open again.
    </p>
  );
}

function BreakSilenceForm({ procedure, delegation }: { procedure: SilenceProcedure; delegation: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="button button--small" data-testid="break-silence" onClick={() => setOpen(true)}>
        Break silence for {delegation}…
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    negotiationApi
      .breakSilence(procedure.id, reason)
      .then(() => setOpen(false))
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="silence-form" onSubmit={submit}>
      <label htmlFor={`${id}-reason`}>Why does {delegation} break silence?</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        required
        rows={3}
        data-testid="break-reason"
      />
      <FormError error={error} />
      <div className="silence-form__actions">
        <button type="submit" className="button button--danger button--small" disabled={busy || reason.trim() === ""}>
          Break silence
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function WithdrawSilenceButton({ procedure }: { procedure: SilenceProcedure }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--quiet button--small"
        disabled={busy}
        data-testid="withdraw-silence"
        onClick={() => {
          if (!window.confirm("Withdraw the silence procedure? The text will be open for editing again.")) return;
          setBusy(true);
          negotiationApi
            .withdrawSilence(procedure.id)
            .catch((failure: unknown) => setError(errorMessage(failure)))
            .finally(() => setBusy(false));
        }}
      >
        Withdraw the procedure
      </button>
      <FormError error={error} />
    </>
  );
}

function StartSilenceForm({ draftId, openBrackets }: { draftId: string; openBrackets: number }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(() => localInputValue(new Date(Date.now() + 7 * 24 * 3600 * 1000)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!open) {
    return (
      <button
        type="button"
        className="button button--small"
        data-testid="start-silence"
        onClick={() => setOpen(true)}
        disabled={openBrackets > 0}
        title={openBrackets > 0 ? "Resolve or withdraw every open bracket first." : undefined}
      >
        Circulate under silence…
      </button>
    );
  }
  const until = new Date(value);
  const valid = !Number.isNaN(until.getTime());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    negotiationApi
      .startSilence(draftId, until.toISOString())
      .then(() => setOpen(false))
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="silence-form" onSubmit={submit}>
      <label htmlFor={`${id}-until`}>Silence until (your time)</label>
      <input
        id={`${id}-until`}
        type="datetime-local"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        required
        data-testid="silence-until"
      />
      {valid && <p className="muted">That is {deadlineInWords(until.toISOString()).utc}.</p>}
      <FormError error={error} />
      <div className="silence-form__actions">
        <button type="submit" className="button button--primary button--small" disabled={busy || !valid}>
          Start the silence procedure
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
