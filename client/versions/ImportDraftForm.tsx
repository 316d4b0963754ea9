import { type FormEvent, useId, useRef, useState } from "react";
import { readError } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { navigate, paths } from "../router.tsx";

/** A lead brings in a Word document as a new draft (each Heading 1 starts a section). */
export function ImportDraftForm({ groupId }: { groupId: string }) {
  const file = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      setError("Choose a Word document (.docx) first.");
      return;
    }
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append("file", chosen, chosen.name);
    try {
      const response = await fetch(`/api/groups/${encodeURIComponent(groupId)}/imports`, {
        method: "POST",
        credentials: "same-origin",
        body: form,
      });
      const payload: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        setError(readError(payload)?.message ?? `The server answered ${response.status}.`);
        return;
      }
      navigate(paths.draft((payload as { id: string }).id));
    } catch {
      setError("Cannot reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card import-draft" onSubmit={submit}>
      <h3>Import a Word document</h3>
      <p className="muted">Each Heading 1 starts a section; text before the first heading becomes a first section.</p>
      <label htmlFor={fileId}>Word document (.docx)</label>
      <input
        ref={file}
        id={fileId}
        type="file"
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        aria-describedby={error ? errorId : undefined}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Importing…" : "Import as a new draft"}
      </button>
      <FormError error={error} id={errorId} />
    </form>
  );
}
