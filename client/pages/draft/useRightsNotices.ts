import { useEffect, useRef } from "react";
import type { GroupMember, SectionMeta } from "../../../shared/types.ts";
import { useDelegations } from "../../api/useDelegations.ts";
import { rightsNotices } from "../../notices/rightsNotices.ts";
import type { Notices } from "../../notices/useNotices.ts";

/**
 * Notices when rights change in front of the viewer ("France now holds the
 * pen for section 3", "Section 3 is agreed — locked"), from changes of the
 * live draft document only: the HTTP snapshot it replaces says nothing.
 */
export function useRightsNotices(
  sections: SectionMeta[],
  live: boolean,
  userId: string,
  membersById: ReadonlyMap<string, GroupMember>,
  push: Notices["push"],
): void {
  const delegations = useDelegations();
  const previous = useRef<SectionMeta[] | null>(null);
  const context = useRef({ userId, membersById, delegations });
  context.current = { userId, membersById, delegations };
  useEffect(() => {
    if (!live) return;
    const before = previous.current;
    previous.current = sections;
    if (!before) return;
    const { userId: viewer, membersById: members, delegations: known } = context.current;
    const texts = rightsNotices(before, sections, {
      userId: viewer,
      delegationOf: (id) => members.get(id)?.delegation ?? null,
      delegationName: (code) => known.find((delegation) => delegation.code === code)?.name ?? code,
    });
    for (const text of texts) push(text);
  }, [sections, live, push]);
}
