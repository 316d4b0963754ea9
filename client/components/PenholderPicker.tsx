import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { describeIssues, PatchSectionRequest } from "../../shared/schemas.ts";
import type { GroupMember, SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { DelegationChip } from "./DelegationChip.tsx";
import { FormError } from "./FormError.tsx";

interface PenholderPickerProps {
  section: SectionMeta;
  sectionLabel: string;
  /** Members who may hold a pen: leads and members, never observers. */
  candidates: GroupMember[];
}

/** A lead's "Assign" popover: who holds the pen for one section. */
export function PenholderPicker({ section, sectionLabel, candidates }: PenholderPickerProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  return (
    <div className="popover-anchor">
      <button
        ref={button}
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={`Assign pen, ${sectionLabel}`}
        onClick={() => setOpen((value) => !value)}
      >
        Assign…
      </button>
      {open && (
        <PenholderPanel
          id={panelId}
          section={section}
          sectionLabel={sectionLabel}
          candidates={candidates}
          onClose={close}
        />
      )}
    </div>
  );
}

interface PanelProps extends PenholderPickerProps {
  id: string;
  onClose(returnFocus: boolean): void;
}

function PenholderPanel({ id, section, sectionLabel, candidates, onClose }: PanelProps) {
  const [selected, setSelected] = useState(() => new Set(section.penholders));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const panel = useRef<HTMLFormElement>(null);
  const errorId = useId();

  useEffect(() => {
    panel.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  // Clicking elsewhere dismisses the popover, like any menu.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (panel.current && event.target instanceof Node && !panel.current.parentElement?.contains(event.target))
        onClose(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [onClose]);

  const byDelegation = groupByDelegation(candidates);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Keep the group's order so the same choice always gives the same list.
    const penholders = candidates.map((member) => member.userId).filter((userId) => selected.has(userId));
    const parsed = PatchSectionRequest.safeParse({ penholders });
    if (!parsed.success) {
      setError(`Penholders ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.patchSection(section.id, parsed.data);
      onClose(true);
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form
      ref={panel}
      id={id}
      className="popover"
      aria-label={`Penholders, ${sectionLabel}`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose(true);
        }
      }}
    >
      <fieldset disabled={pending}>
        <legend>Who holds the pen?</legend>
        {candidates.length === 0 && <p className="muted">This group has no members who can hold a pen.</p>}
        {byDelegation.map(([delegation, members]) => (
          <div key={delegation} className="penholder-group">
            <DelegationChip delegation={delegation} />
            <ul>
              {members.map((member) => (
                <li key={member.userId}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={selected.has(member.userId)}
                      onChange={(event) => {
                        const next = new Set(selected);
                        if (event.target.checked) next.add(member.userId);
                        else next.delete(member.userId);
                        setSelected(next);
                      }}
                    />
                    {member.name}
                    {member.role === "lead" && <span className="muted"> (lead)</span>}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </fieldset>
      <FormError error={error} id={errorId} />
      <div className="popover__actions">
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={pending}
          aria-describedby={error ? errorId : undefined}
        >
          {pending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={() => onClose(true)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function groupByDelegation(members: GroupMember[]): [string, GroupMember[]][] {
  const groups = new Map<string, GroupMember[]>();
  for (const member of members) {
    const list = groups.get(member.delegation) ?? [];
    list.push(member);
    groups.set(member.delegation, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
