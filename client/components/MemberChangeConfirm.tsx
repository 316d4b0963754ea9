import { useEffect, useRef, useState } from "react";
import { describeEffect, describeRoleChange } from "../../shared/membershipChange.ts";
import type { Role } from "../../shared/roles.ts";
import type { GroupMember, MemberChangePreview } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

interface MemberChangeConfirmProps {
  groupId: string;
  member: GroupMember;
  /** The new role; null for removal from the group. */
  to: Role | null;
  isSelf: boolean;
  onDone(): void;
  onCancel(): void;
}

/**
 * Says what a role change or removal will do before it is done — the change
 * and every side effect ("INTERPOL liaison (INTERPOL) will lose the pen for
 * section 4 …"), as the server computes them — and does it only on Confirm.
 */
export function MemberChangeConfirm({ groupId, member, to, isSelf, onDone, onCancel }: MemberChangeConfirmProps) {
  const [preview, setPreview] = useState<MemberChangePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const who = `${member.name} (${member.delegation})`;

  useEffect(() => {
    let current = true;
    api
      .previewMemberChange(groupId, member.userId, to)
      .then((answer) => {
        if (current) setPreview(answer);
      })
      .catch((caught: unknown) => {
        if (current) setError(errorMessage(caught));
      });
    return () => {
      current = false;
    };
  }, [groupId, member.userId, to]);

  useEffect(() => {
    if (!preview) return;
    if (preview.refusal) cancelButton.current?.focus();
    else confirmButton.current?.focus();
  }, [preview]);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      if (to === null) await api.removeMember(groupId, member.userId);
      else await api.changeRole(groupId, member.userId, to);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  const title = to === null ? `Remove ${who} from the group?` : `Change the role of ${who}?`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline confirmation, not a modal dialog.
    <div
      className="confirm confirm--block"
      role="group"
      aria-label={title}
      data-testid="member-change-confirm"
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <p className="confirm__question">
        <strong>{title}</strong>
      </p>
      {preview === null && !error && (
        <p className="muted" aria-busy="true">
          Checking what this will do…
        </p>
      )}
      {preview && (
        <ul className="confirm__effects" aria-label="What will happen">
          <li>{isSelf && to === null ? "You will leave this group." : describeRoleChange(who, preview.from, to)}</li>
          {preview.effects.map((effect) => (
            <li
              key={`${effect.kind}:${"sectionId" in effect ? effect.sectionId : "invitationId" in effect ? effect.invitationId : ""}`}
            >
              {describeEffect(effect, who)}
            </li>
          ))}
        </ul>
      )}
      {preview?.refusal && (
        <p className="banner banner--error" role="alert">
          {preview.refusal}
        </p>
      )}
      <FormError error={error} />
      <div className="confirm__actions">
        {preview && !preview.refusal && (
          <button
            ref={confirmButton}
            type="button"
            className={`button button--small ${to === null || preview.effects.length > 0 ? "button--danger" : "button--primary"}`}
            disabled={pending}
            onClick={() => void confirm()}
          >
            {pending ? "Applying…" : to === null ? "Remove" : "Change role"}
          </button>
        )}
        <button
          ref={cancelButton}
          type="button"
          className="button button--small button--quiet"
          disabled={pending}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
