import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import type { VersionSummary } from "../../shared/types.ts";
import { errorMessage } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { Link } from "../router.tsx";
import { ExportLinks } from "./ExportLinks.tsx";
import { formatWhen, versionPaths, versionsApi } from "./versionsApi.ts";
import "./versions.css";

interface VersionsPanelProps {
  draftId: string;
  isLead: boolean;
  paragraphNumbers: boolean;
}

/** Named versions of the draft: name one (leads), open, compare, export; the draft's numbering setting. */
export function VersionsPanel({ draftId, isLead, paragraphNumbers }: VersionsPanelProps) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const errorId = useId();

  const load = useCallback(() => {
    versionsApi
      .list(draftId)
      .then(setVersions)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [draftId]);
  useEffect(load, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Give the version a name, such as “Rev.1 — Lyon”.");
      return;
    }
    setBusy(true);
    versionsApi
      .create(draftId, name.trim())
      .then(() => {
        setName("");
        setError(null);
        load();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };

  return (
    <details className="versions-panel card" data-testid="versions-panel">
      <summary>Versions, compare and export</summary>
      <div className="versions-panel__body">
        <p className="versions-panel__row">
          <span>Live text:</span> <ExportLinks draftId={draftId} label="Export the live text" />{" "}
          <Link href={versionPaths.authorship(draftId)}>Who wrote what</Link>{" "}
          <button type="button" className="button button--small" onClick={() => window.print()}>
            Print
          </button>
        </p>
        {isLead && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={paragraphNumbers}
              onChange={(event) => {
                versionsApi
                  .setParagraphNumbers(draftId, event.target.checked)
                  .catch((e: unknown) => setError(errorMessage(e)));
              }}
            />{" "}
            Number paragraphs (1.1, 1.2, …)
          </label>
        )}
        {isLead && (
          <form className="versions-panel__form" onSubmit={submit}>
            <label htmlFor={nameId}>Name a version of the whole draft</label>
            <input
              id={nameId}
              value={name}
              maxLength={200}
              placeholder="Zero draft — New York, February"
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="button button--small button--primary" disabled={busy}>
              Name version
            </button>
          </form>
        )}
        <FormError error={error} id={errorId} />
        {versions === null ? (
          <p className="muted">Loading versions…</p>
        ) : versions.length === 0 ? (
          <p className="muted">No version has been named yet.</p>
        ) : (
          <ul className="versions-panel__list" data-testid="versions-list">
            {versions.map((version) => (
              <li key={version.id}>
                <Link href={versionPaths.version(version.id)}>{version.name}</Link>{" "}
                <span className="muted">
                  {formatWhen(version.createdAt)} · {version.createdBy.delegation}
                </span>{" "}
                <Link className="button button--small" href={versionPaths.compare(draftId, version.id)}>
                  Compare with live text
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
