import { type FormEvent, useId, useState } from "react";
import { DELEGATION_KIND_LABELS, DELEGATION_KIND_VALUES } from "../../shared/delegations.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import { describeIssues, InviteRequest } from "../../shared/schemas.ts";
import type { DelegationInfo, InvitationCreated } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { formatDateTime } from "../format.ts";
import { FormError } from "./FormError.tsx";

interface InviteFormProps {
  groupId: string;
  /** The roles the viewer may give (leads: member, observer; the admin: any). */
  roles: Role[];
  /** The delegations the viewer may invite for, with a given role (leads: those already in the group). */
  delegationsFor(role: Role): DelegationInfo[];
  onInvited(): void;
}

/**
 * Invites someone by email with a role. No email is sent: the link is shown
 * here to pass on (and is in the server log), with its expiry.
 */
export function InviteForm({ groupId, roles, delegationsFor, onInvited }: InviteFormProps) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("member") ? "member" : (roles[0] ?? "member"));
  const [delegation, setDelegation] = useState("");
  const choices = delegationsFor(role);
  const delegationId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<(InvitationCreated & { email: string; role: Role }) | null>(null);
  const [copied, setCopied] = useState(false);
  const emailId = useId();
  const roleId = useId();
  const errorId = useId();
  const linkId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!choices.some((choice) => choice.code === delegation)) {
      setError("Choose the delegation of the person you invite.");
      return;
    }
    const parsed = InviteRequest.safeParse({ email, role, delegation });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    setCopied(false);
    try {
      const invitation = await api.invite(groupId, parsed.data);
      setCreated({ ...invitation, email: parsed.data.email, role: parsed.data.role });
      setEmail("");
      onInvited();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // No clipboard access (insecure origin, denied): select the link so Ctrl+C works.
      const field = document.getElementById(linkId);
      if (field instanceof HTMLInputElement) field.select();
    }
  };

  return (
    <form className="inline-form invite-form" onSubmit={submit} noValidate aria-labelledby={`${emailId}-heading`}>
      <h3 id={`${emailId}-heading`}>Invite someone</h3>
      <div className="invite-form__row">
        <div className="field">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            onChange={(event) => setRole(roles.find((value) => value === event.target.value) ?? role)}
          >
            {roles.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={delegationId}>Delegation</label>
          <select id={delegationId} value={delegation} onChange={(event) => setDelegation(event.target.value)}>
            <option value="">Choose…</option>
            {DELEGATION_KIND_VALUES.map((kind) => {
              const ofKind = choices.filter((choice) => choice.kind === kind);
              if (ofKind.length === 0) return null;
              return (
                <optgroup key={kind} label={DELEGATION_KIND_LABELS[kind]}>
                  {ofKind.map((choice) => (
                    <option key={choice.code} value={choice.code}>{`${choice.name} (${choice.code})`}</option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Inviting…" : "Create invitation"}
        </button>
      </div>
      <FormError error={error} id={errorId} />
      {created && (
        <div className="invitation-link" role="status" data-testid="invitation-link">
          <p className="invitation-link__text">
            {`Invitation for ${created.email} as ${ROLE_LABELS[created.role].toLowerCase()}. Pass this link on; it works once and expires ${formatDateTime(created.expiresAt)}.`}
          </p>
          <div className="invitation-link__row">
            <label htmlFor={linkId} className="visually-hidden">
              Invitation link
            </label>
            <input id={linkId} type="url" readOnly value={created.url} onFocus={(event) => event.target.select()} />
            <button type="button" className="button button--small" onClick={() => void copy()}>
              {copied ? "Copied" : "Copy link"}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
