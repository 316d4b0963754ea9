import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { Bracket, Stance } from "../../shared/negotiation.ts";
import { errorMessage } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { optionLetter } from "./BracketMarks.ts";
import { negotiationApi } from "./negotiationApi.ts";

interface BracketCardProps {
  bracket: Bracket;
  sectionLabel: string;
  /** The viewer's delegation, in whose name they take positions and add options. */
  delegation: string;
  /** Members and leads, while the text is not frozen. */
  canNegotiate: boolean;
  /** The section's penholders and the leads, while the text is not frozen. */
  canResolve: boolean;
  active: boolean;
  cardRequest: number;
  onActivate(): void;
}

/** One bracket: its options with who supports and objects, and what the viewer may do about it. */
export function BracketCard({
  bracket,
  sectionLabel,
  delegation,
  canNegotiate,
  canResolve,
  active,
  cardRequest,
  onActivate,
}: BracketCardProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLElement>(null);

  // `cardRequest` asks to bring the active card into view again.
  useEffect(() => {
    if (active && cardRequest > 0) ref.current?.scrollIntoView({ block: "nearest" });
  }, [active, cardRequest]);

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };

  const open = bracket.status === "open";
  return (
    <article
      ref={ref}
      className={`bracket-card${active ? " bracket-card--active" : ""}${open ? "" : " bracket-card--resolved"}`}
      data-testid="bracket-card"
      data-bracket-id={bracket.id}
      aria-label={`Bracket in ${sectionLabel}: “${bracket.quote}”`}
      onFocus={onActivate}
    >
      <header className="bracket-card__header">
        <span className="bracket-card__section">{sectionLabel}</span>
        <span className="muted">
          bracketed by {bracket.createdBy.delegation} ({bracket.createdBy.name})
        </span>
      </header>
      <ol className="bracket-card__options">
        {bracket.options.map((option, index) => {
          const mine: Stance = option.supporters.includes(delegation)
            ? "support"
            : option.objectors.includes(delegation)
              ? "object"
              : "none";
          const chosen = bracket.resolution?.optionId === option.id;
          return (
            <li
              key={option.id}
              className={`bracket-card__option${chosen ? " bracket-card__option--chosen" : ""}`}
              data-testid="bracket-card-option"
              data-option-id={option.id}
            >
              <div>
                <strong>Option {optionLetter(index)}</strong>{" "}
                <span className="muted">
                  {index === 0 ? "current wording" : "put forward by"} · {option.delegation}
                </span>
                {chosen && <span className="bracket-card__chosen"> — chosen</span>}
              </div>
              <p className="bracket-card__text">[{option.text === "" ? "(delete the passage)" : option.text}]</p>
              <p className="bracket-card__stances" data-testid="option-stances">
                <span>Supported by: {option.supporters.length > 0 ? option.supporters.join(", ") : "—"}</span>
                <span>Opposed by: {option.objectors.length > 0 ? option.objectors.join(", ") : "—"}</span>
              </p>
              {open && canNegotiate && (
                <fieldset className="bracket-card__stance" disabled={busy}>
                  <legend className="visually-hidden">
                    Position of {delegation} on option {optionLetter(index)}
                  </legend>
                  {(["support", "object", "none"] as const).map((stance) => (
                    <label key={stance} className="bracket-card__stance-choice">
                      <input
                        type="radio"
                        name={`stance-${option.id}`}
                        value={stance}
                        checked={mine === stance}
                        data-testid={`stance-${stance}`}
                        onChange={() => run(() => negotiationApi.setStance(bracket.id, option.id, stance))}
                      />
                      {stance === "support" ? "Support" : stance === "object" ? "Object" : "No position"}
                    </label>
                  ))}
                </fieldset>
              )}
              {open && canResolve && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  data-testid="choose-option"
                  onClick={() => run(() => negotiationApi.choose(bracket.id, option.id))}
                >
                  Choose option {optionLetter(index)}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {open && canNegotiate && <AddOptionForm bracketId={bracket.id} delegation={delegation} />}
      {open && canResolve && (
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={busy}
          data-testid="withdraw-bracket"
          onClick={() => run(() => negotiationApi.withdraw(bracket.id))}
        >
          Withdraw the bracket (keep the current wording)
        </button>
      )}
      {bracket.resolution && (
        <p className="bracket-card__resolution" data-testid="bracket-resolution">
          {bracket.resolution.outcome === "chosen"
            ? `Resolved: option ${optionLetter(bracket.options.findIndex((o) => o.id === bracket.resolution?.optionId))} chosen`
            : "Withdrawn, the wording kept"}{" "}
          by {bracket.resolution.by.delegation} ({bracket.resolution.by.name}) on{" "}
          {new Date(bracket.resolution.at).toLocaleString()}: “{bracket.resolution.text}”.
        </p>
      )}
      <FormError error={error} />
    </article>
  );
}

function AddOptionForm({ bracketId, delegation }: { bracketId: string; delegation: string }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    negotiationApi
      .addOption(bracketId, text)
      .then(() => setText(""))
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="bracket-card__add" onSubmit={submit}>
      <label htmlFor={`${id}-option`}>New option for {delegation}</label>
      <input
        id={`${id}-option`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-testid="new-option"
      />
      <button type="submit" className="button button--small" disabled={busy}>
        Add option
      </button>
      <FormError error={error} />
    </form>
  );
}
