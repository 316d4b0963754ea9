import { type FormEvent, useId, useState } from "react";
import { DELEGATION_KIND_LABELS, DELEGATION_KIND_VALUES, type DelegationKind } from "../../shared/delegations.ts";
import { TextLimits } from "../../shared/displayText.ts";
import { CreateDelegationRequest, describeIssues, PatchDelegationRequest } from "../../shared/schemas.ts";
import type { DelegationInfo } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { refreshDelegations } from "../api/useDelegations.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { FormError } from "../components/FormError.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { usePageTitle } from "./usePageTitle.ts";

/** `/delegations`, for the site admin: every delegation, add one, rename one. */
export function DelegationsPage() {
  usePageTitle("Delegations");
  const [list, reload] = useApiResource(() => api.delegations(), []);
  const [filter, setFilter] = useState("");
  const changed = () => {
    refreshDelegations();
    reload();
  };
  const needle = filter.trim().toLowerCase();
  return (
    <>
      <AppHeader crumbs={[{ label: "Delegations" }]} />
      <main id="main" className="page">
        <h1 tabIndex={-1}>Delegations</h1>
        <p className="muted">
          Everyone belongs to one delegation, set when they are invited. Only you, as site administrator, add, rename or
          move people between delegations.
        </p>
        <AddDelegationForm onAdded={changed} />
        {list.status === "error" && <LoadError error={list.error} what="delegations" onRetry={reload} />}
        {list.status === "ready" && (
          <>
            <div className="field">
              <label htmlFor="delegation-filter">Find a delegation</label>
              <input
                id="delegation-filter"
                type="search"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
              />
            </div>
            <table className="members-table" data-testid="delegations">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                </tr>
              </thead>
              <tbody>
                {list.data
                  .filter(
                    (item) =>
                      !needle || item.code.toLowerCase().includes(needle) || item.name.toLowerCase().includes(needle),
                  )
                  .map((item) => (
                    <DelegationRow key={item.code} delegation={item} onChanged={changed} />
                  ))}
              </tbody>
            </table>
          </>
        )}
      </main>
    </>
  );
}

function AddDelegationForm({ onAdded }: { onAdded(): void }) {
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState<DelegationKind>("organisation");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = CreateDelegationRequest.safeParse({ code, name, kind });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.createDelegation(parsed.data);
      setCode("");
      setName("");
      onAdded();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a delegation</h2>
      <div className="invite-form__row">
        <div className="field">
          <label htmlFor={`${id}-code`}>Code</label>
          <input
            id={`${id}-code`}
            type="text"
            autoComplete="off"
            maxLength={12}
            placeholder="e.g. IOM"
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            type="text"
            autoComplete="off"
            maxLength={TextLimits.delegationName}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(DELEGATION_KIND_VALUES.find((k) => k === event.target.value) ?? kind)}
          >
            {DELEGATION_KIND_VALUES.map((value) => (
              <option key={value} value={value}>
                {DELEGATION_KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Adding…" : "Add delegation"}
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}

function DelegationRow({ delegation, onChanged }: { delegation: DelegationInfo; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(delegation.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = PatchDelegationRequest.safeParse({ name });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.patchDelegation(delegation.code, parsed.data);
      setEditing(false);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <tr>
      <td>{delegation.code}</td>
      <td>
        {editing ? (
          <form className="inline-form__row" onSubmit={save} noValidate>
            <label htmlFor={inputId} className="visually-hidden">{`New name of ${delegation.code}`}</label>
            <input
              id={inputId}
              type="text"
              maxLength={TextLimits.delegationName}
              value={name}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") setEditing(false);
              }}
            />
            <button type="submit" className="button button--small button--primary" disabled={pending}>
              Save
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <FormError error={error} />
          </form>
        ) : (
          <>
            {delegation.name}{" "}
            <button
              type="button"
              className="button button--small button--quiet"
              aria-label={`Rename ${delegation.code}`}
              onClick={() => {
                setName(delegation.name);
                setEditing(true);
              }}
            >
              Rename
            </button>
          </>
        )}
      </td>
      <td>{DELEGATION_KIND_LABELS[delegation.kind]}</td>
    </tr>
  );
}
