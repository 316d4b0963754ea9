import type { SectionMeta } from "../../shared/types.ts";

export interface RightsContext {
  /** The viewer. */
  userId: string;
  /** A person's delegation, for naming penholders. */
  delegationOf(userId: string): string | null;
  /** A delegation's name ("France") from its code ("FRA"), when known. */
  delegationName(code: string): string;
}

/**
 * What changed about who may write, between two states of the draft document,
 * said the way a person would: "France now holds the pen for section 3",
 * "You now hold the pen for section 5", "Section 3 is agreed — locked".
 * Sections are numbered by their place in the new order. Added and removed
 * sections are not rights changes and say nothing here.
 */
export function rightsNotices(before: SectionMeta[], after: SectionMeta[], context: RightsContext): string[] {
  const previous = new Map(before.map((section) => [section.id, section]));
  const notices: string[] = [];
  after.forEach((section, index) => {
    const old = previous.get(section.id);
    if (!old) return;
    const label = `section ${index + 1}`;
    const pen = penNotice(old.penholders, section.penholders, label, context);
    if (pen) notices.push(pen);
    const status = statusNotice(old, section, label);
    if (status) notices.push(status);
  });
  return notices;
}

function penNotice(before: string[], after: string[], label: string, context: RightsContext): string | null {
  if (sameMembers(before, after)) return null;
  const had = before.includes(context.userId);
  const has = after.includes(context.userId);
  if (has && !had) return `You now hold the pen for ${label}`;
  const others = holders(
    after.filter((id) => id !== context.userId),
    context,
  );
  if (had && !has) {
    return others ? `${others} now ${verb(others)} the pen for ${label}` : `You no longer hold the pen for ${label}`;
  }
  if (after.length === 0) return `Nobody holds the pen for ${label} any more`;
  const newcomers = holders(
    after.filter((id) => !before.includes(id) && id !== context.userId),
    context,
  );
  if (newcomers) return `${newcomers} now ${verb(newcomers)} the pen for ${label}`;
  // Only people left: name who still holds it.
  return others ? `Only ${others} now ${verb(others)} the pen for ${label}` : null;
}

function statusNotice(before: SectionMeta, after: SectionMeta, label: string): string | null {
  if (before.status === after.status) return null;
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  switch (after.status) {
    case "agreed":
      return `${Label} is agreed — locked`;
    case "review":
      return before.status === "agreed"
        ? `${Label} is reopened for review`
        : `${Label} is in review — comments are invited`;
    case "drafting":
      return `${Label} is back in drafting`;
  }
}

/** Delegation names of these people, without repeats: "France", "France and Singapore". */
function holders(userIds: string[], context: RightsContext): string {
  const names: string[] = [];
  for (const userId of userIds) {
    const code = context.delegationOf(userId);
    const name = code ? context.delegationName(code) : "another delegation";
    if (!names.includes(name)) names.push(name);
  }
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function verb(holdersText: string): string {
  return holdersText.includes(" and ") ? "hold" : "holds";
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
