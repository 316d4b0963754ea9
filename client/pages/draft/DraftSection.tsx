import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Extensions } from "@tiptap/core";
import { memo, useMemo } from "react";
import type { Actor } from "../../../shared/permissions.ts";
import type { GroupMember, SectionMeta, User } from "../../../shared/types.ts";
import type { SyncTracker } from "../../collab/syncTracker.ts";
import { SectionEditor } from "../../editor/SectionEditor.tsx";
import { penholderDelegations } from "./penholderDelegations.ts";
import { SectionHeader } from "./SectionHeader.tsx";

interface DraftSectionProps {
  section: SectionMeta;
  number: number;
  /** The draft's setting: number paragraphs 3.1, 3.2 in the margin. */
  paragraphNumbers: boolean;
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  actor: Actor;
  user: User;
  isLead: boolean;
  /** The draft's only section cannot be removed. */
  isLast: boolean;
  membersById: ReadonlyMap<string, GroupMember>;
  candidates: GroupMember[];
  onRemoved(section: SectionMeta): void;
  /** The person typed in a section whose pen another delegation holds (as a lead may). */
  onForeignEdit(section: SectionMeta, number: number): void;
  /** The discussion's highlights and the brackets in the section's text. */
  extensions?: Extensions;
  /** The draft is under a silence procedure. */
  frozen: boolean;
}

/**
 * One section of the draft: its header and its text.
 * Memoised: the page re-renders for outline, roster and notice changes, and
 * forty sections re-rendering on each of them would show in typing latency.
 */
export const DraftSection = memo(function DraftSection({
  section,
  number,
  paragraphNumbers,
  socket,
  tracker,
  actor,
  user,
  isLead,
  isLast,
  membersById,
  candidates,
  onRemoved,
  onForeignEdit,
  extensions,
  frozen,
}: DraftSectionProps) {
  const delegations = useMemo(() => penholderDelegations(section, membersById), [section, membersById]);
  const foreignPen = delegations.length > 0 && !delegations.includes(user.delegation);
  const onLocalEdit = useMemo(
    () => (foreignPen ? () => onForeignEdit(section, number) : undefined),
    [foreignPen, onForeignEdit, section, number],
  );
  const headingId = `section-${section.id}-heading`;
  return (
    <section
      className={`draft-section draft-section--${section.status}`}
      id={`section-${section.id}`}
      data-section-id={section.id}
      aria-labelledby={headingId}
      tabIndex={-1}
    >
      <SectionHeader
        section={section}
        number={number}
        headingId={headingId}
        delegations={delegations}
        youHoldPen={section.penholders.includes(user.id)}
        isLead={isLead}
        isLast={isLast}
        candidates={candidates}
        onRemoved={onRemoved}
      />
      <SectionEditor
        socket={socket}
        tracker={tracker}
        section={section}
        number={number}
        actor={actor}
        user={user}
        penholderDelegations={delegations}
        extensions={extensions}
        onLocalEdit={onLocalEdit}
        frozen={frozen}
        paragraphNumbers={paragraphNumbers}
      />
    </section>
  );
});
