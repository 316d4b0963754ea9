import { useId } from "react";

interface NewPasswordFieldsProps {
  /** The inputs' ids; the confirmation's is `${id}-again` unless given. */
  id: string;
  againId?: string;
  /** "New password" or "Password"; the confirmation reads "<label>, again". */
  label: string;
  hint: string;
  password: string;
  again: string;
  onPasswordChange(password: string): void;
  onAgainChange(again: string): void;
}

/** A new password and its confirmation, as every form that sets one asks for them. */
export function NewPasswordFields({
  id,
  againId = `${id}-again`,
  label,
  hint,
  password,
  again,
  onPasswordChange,
  onAgainChange,
}: NewPasswordFieldsProps) {
  const hintId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          minLength={10}
          value={password}
          onChange={(event) => onPasswordChange(event.target.value)}
          aria-describedby={hintId}
        />
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      </div>
      <div className="field">
        <label htmlFor={againId}>{label}, again</label>
        <input
          id={againId}
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(event) => onAgainChange(event.target.value)}
        />
      </div>
    </>
  );
}
