import { ROLE_LABELS, type Role, type SectionStatus, STATUS_LABELS } from "../../shared/roles.ts";
import type { AuditRecord } from "../../shared/types.ts";

export interface AuditContext {
  /** The delegation of a person, or null when they are not known here (e.g. removed since). */
  delegationOf(userId: string): string | null;
  /** A section's current title, when known, for entries that do not carry it. */
  sectionTitle(sectionId: string): string | null;
  draftTitle(draftId: string): string | null;
}

/** The actions the audit log records, with the words the filter shows. */
export const AUDIT_ACTIONS = {
  "section.update": "Pen, status or title changes",
  "section.create": "Sections added",
  "section.remove": "Sections removed",
  "section.restore": "Sections restored",
  "section.reorder": "Sections reordered",
  "draft.create": "Drafts created",
  "member.invite": "Invitations",
  "member.join": "People joining",
  "member.role": "Role changes",
  "member.remove": "Removals",
  "invitation.revoke": "Invitations revoked",
  delegation: "Delegations added or renamed",
  "user.update": "People's names or delegations changed",
  "password.reset": "Password reset links",
  "group.create": "Group created",
} as const;

/**
 * One audit entry in plain words, e.g. "USA assigned SGP as penholder of
 * “Capacity building”". Details come from the server's log and are checked
 * field by field: an entry written by an older server still reads sensibly.
 */
export function describeAudit(record: AuditRecord, context: AuditContext): string {
  const who = record.actor?.delegation ?? "Plenary";
  const details = record.details;
  const target = record.target ?? "";
  const sectionName = () => quote(text(details.title) ?? context.sectionTitle(target) ?? "a section");

  switch (record.action) {
    case "group.create":
      return `${who} created the working group ${quote(text(details.name) ?? "")}`;
    case "draft.create":
      return `${who} created the draft ${quote(text(details.title) ?? context.draftTitle(target) ?? "")}`;
    case "section.create":
      return `${who} added the section ${sectionName()}`;
    case "section.remove":
      return `${who} removed the section ${sectionName()}`;
    case "section.restore":
      return `${who} restored the section ${sectionName()}`;
    case "section.reorder": {
      const draft = context.draftTitle(target);
      return draft ? `${who} reordered the sections of ${quote(draft)}` : `${who} reordered the sections`;
    }
    case "section.update":
      return `${who} ${sectionUpdate(details, context.sectionTitle(target), context)}`;
    case "member.invite": {
      const role = roleLabel(details.role);
      return `${who} invited ${text(details.email) ?? "someone"}${role ? ` as ${role.toLowerCase()}` : ""}`;
    }
    case "member.join": {
      const role = roleLabel(details.role);
      return `${who} joined the group${role ? ` as ${role.toLowerCase()}` : ""}`;
    }
    case "member.role": {
      const from = roleLabel(details.from);
      const to = roleLabel(details.to);
      const person = personName(target, context);
      const base =
        from && to
          ? `${who} changed ${person}'s role from ${from.toLowerCase()} to ${to.toLowerCase()}`
          : `${who} changed ${person}'s role`;
      return base + sideEffects(details.effects, person);
    }
    case "member.remove": {
      const role = roleLabel(details.role);
      const person = personName(target, context);
      return `${who} removed ${person}${role ? ` (${role.toLowerCase()})` : ""} from the group${sideEffects(details.effects, person)}`;
    }
    case "invitation.revoke":
      return `${who} revoked the invitation for ${text(details.email) ?? "someone"}`;
    case "delegation.create":
      return `${who} added the delegation ${text(details.name) ?? ""} (${target})`;
    case "delegation.update":
      return `${who} renamed the delegation ${target}${text(details.name) ? ` to ${quote(text(details.name) ?? "")}` : ""}`;
    case "user.update":
      return text(details.delegation)
        ? `${who} moved ${personName(target, context)} from ${text(details.previousDelegation) ?? "?"} to ${text(details.delegation)}`
        : `${who} changed the name of ${personName(target, context)}`;
    case "password.reset.create":
      return `${who} created a password reset link for ${personName(target, context)}`;
    case "password.reset":
      return `${who} set a new password with a reset link; every session was signed out`;
    default:
      return `${who}: ${record.action}`;
  }
}

function sectionUpdate(details: Record<string, unknown>, currentTitle: string | null, context: AuditContext): string {
  const titleChange = change(details.title);
  // Name the section by the title it had when the entry was written.
  const name = quote(text(titleChange?.to) ?? currentTitle ?? "a section");
  const parts: string[] = [];
  const pen = change(details.penholders);
  if (pen) {
    const before = ids(pen.from);
    const after = ids(pen.to);
    const added = delegations(
      after.filter((id) => !before.includes(id)),
      context,
    );
    const removed = delegations(
      before.filter((id) => !after.includes(id)),
      context,
    );
    const plural = (list: string) => (list.includes(" and ") ? "penholders" : "penholder");
    if (added && removed) parts.push(`assigned ${added} and removed ${removed} as penholders of ${name}`);
    else if (added) parts.push(`assigned ${added} as ${plural(added)} of ${name}`);
    else if (removed) parts.push(`removed ${removed} as ${plural(removed)} of ${name}`);
  }
  const status = change(details.status);
  if (status) {
    const to = statusLabel(status.to);
    const from = statusLabel(status.from);
    if (status.to === "agreed") parts.push(`marked ${name} as agreed`);
    else if (to && from) parts.push(`moved ${name} from ${from.toLowerCase()} to ${to.toLowerCase()}`);
  }
  if (titleChange) parts.push(`renamed ${quote(text(titleChange.from) ?? "")} to ${quote(text(titleChange.to) ?? "")}`);
  return parts.length > 0 ? parts.join("; ") : `changed the section ${name}`;
}

function personName(userId: string, context: AuditContext): string {
  return context.delegationOf(userId) ?? "a former member";
}

function delegations(userIds: string[], context: AuditContext): string {
  const codes: string[] = [];
  for (const userId of userIds) {
    const code = context.delegationOf(userId) ?? "a former member";
    if (!codes.includes(code)) codes.push(code);
  }
  if (codes.length <= 1) return codes[0] ?? "";
  return `${codes.slice(0, -1).join(", ")} and ${codes[codes.length - 1]}`;
}

function change(value: unknown): { from: unknown; to: unknown } | null {
  if (typeof value !== "object" || value === null || !("to" in value)) return null;
  return { from: "from" in value ? value.from : undefined, to: value.to };
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function roleLabel(value: unknown): string | null {
  return typeof value === "string" && value in ROLE_LABELS ? ROLE_LABELS[value as Role] : null;
}

function statusLabel(value: unknown): string | null {
  return typeof value === "string" && value in STATUS_LABELS ? STATUS_LABELS[value as SectionStatus] : null;
}

function quote(title: string): string {
  return `“${title}”`;
}

/** "; SGP lost the pen for section 3 “Guiding principles”" for each side effect the entry records. */
function sideEffects(value: unknown, person: string): string {
  if (!Array.isArray(value)) return "";
  const parts: string[] = [];
  for (const effect of value) {
    if (typeof effect !== "object" || effect === null) continue;
    const { kind, sectionNumber, sectionTitle, email } = effect as Record<string, unknown>;
    if (kind === "penDropped") {
      parts.push(`${person} lost the pen for section ${String(sectionNumber)} ${quote(text(sectionTitle) ?? "")}`);
    } else if (kind === "invitationInvalidated") {
      parts.push(`the invitation for ${text(email) ?? "someone"} stopped working`);
    }
  }
  return parts.length > 0 ? `; ${parts.join("; ")}` : "";
}
