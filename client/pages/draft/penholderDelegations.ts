import type { GroupMember, SectionMeta } from "../../../shared/types.ts";

/** The delegations of a section's penholders, each once, in the order the pens were given. */
export function penholderDelegations(section: SectionMeta, membersById: ReadonlyMap<string, GroupMember>): string[] {
  const delegations = new Set<string>();
  for (const userId of section.penholders) {
    const member = membersById.get(userId);
    if (member) delegations.add(member.delegation);
  }
  return [...delegations];
}

/** "Name (DEL), Name (DEL)" for the members holding a section's pen; unknown ids are left out. */
export function penholderNames(section: SectionMeta, membersById: ReadonlyMap<string, GroupMember>): string[] {
  return section.penholders
    .map((id) => membersById.get(id))
    .filter((member): member is GroupMember => member !== undefined)
    .map((member) => `${member.name} (${member.delegation})`);
}
