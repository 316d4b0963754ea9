import { type FormEvent, useId, useState } from "react";
import { errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

interface CreateByNameFormProps {
  heading: string;
  headingLevel: 2 | 3;
  /** Label and placeholder of the one text field, e.g. "Title of the new draft". */
  label: string;
  submitLabel: string;
  /**
   * Validates the text and creates the thing: returns a sentence to show when
   * the text is refused before sending, throws when the server refuses it.
   */
  create: (text: string) => Promise<string | undefined>;
}

/** A one-field form that creates something from a name or title: a draft, a working group. */
export function CreateByNameForm({ heading, headingLevel, label, submitLabel, create }: CreateByNameFormProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const refusal = await create(text);
      if (refusal) {
        setError(refusal);
        setPending(false);
      }
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby={`${inputId}-heading`}>
      <Heading id={`${inputId}-heading`}>{heading}</Heading>
      <div className="inline-form__row">
        <label htmlFor={inputId} className="visually-hidden">
          {label}
        </label>
        <input
          id={inputId}
          type="text"
          placeholder={label}
          value={text}
          maxLength={200}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Creating…" : submitLabel}
        </button>
      </div>
      <FormError error={error} id={errorId} />
    </form>
  );
}
