import { useCallback, useRef } from "react";
import type { GroupMember, SectionMeta } from "../../../shared/types.ts";
import { api, errorMessage } from "../../api/apiClient.ts";
import type { Notices } from "../../notices/useNotices.ts";
import { penholderNames } from "./penholderDelegations.ts";

export interface SectionNotices {
  /** The person typed in a section whose pen another delegation holds (as a lead may). */
  onForeignEdit(section: SectionMeta, number: number): void;
  /** A lead removed a section: say so, with an Undo. */
  onRemoved(section: SectionMeta): void;
}

/** The notices the page shows for what happens to one section. */
export function useSectionNotices(
  membersById: ReadonlyMap<string, GroupMember>,
  push: Notices["push"],
  focusWhenPresent: (sectionId: string) => void,
): SectionNotices {
  // Once per section per visit: a lead typing where another delegation holds the pen is told whose it is.
  const toldForeignPen = useRef(new Set<string>());
  const onForeignEdit = useCallback(
    (section: SectionMeta, number: number) => {
      if (toldForeignPen.current.has(section.id)) return;
      toldForeignPen.current.add(section.id);
      const holders = penholderNames(section, membersById);
      push(
        `You are editing section ${number} “${section.title || "Untitled"}” as a lead: the pen is held by ${holders.join(", ") || "another delegation"}.`,
      );
    },
    [membersById, push],
  );

  const onRemoved = useCallback(
    (section: SectionMeta) => {
      const title = section.title || "Untitled";
      push(`Section “${title}” removed.`, {
        label: "Undo",
        run: () => {
          api
            .restoreSection(section.id)
            .then(() => {
              push(`Section “${title}” restored.`);
              focusWhenPresent(section.id);
            })
            .catch((error: unknown) => push(`Could not restore “${title}”: ${errorMessage(error)}`));
        },
      });
      // Keep the keyboard on the page: the removed section's controls are gone.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    },
    [push, focusWhenPresent],
  );

  return { onForeignEdit, onRemoved };
}
