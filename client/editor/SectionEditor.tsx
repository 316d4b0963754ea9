import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Extensions } from "@tiptap/core";
import type { Actor } from "../../shared/permissions.ts";
import type { SectionMeta, User } from "../../shared/types.ts";
import type { SyncTracker } from "../collab/syncTracker.ts";
import { Icon } from "../components/Icon.tsx";
import { OfflineCopyMark } from "../components/OfflineCopyMark.tsx";
import "./documentText.css";
import { BoundEditor } from "./BoundEditor.tsx";
import { sectionNotice } from "./sectionAccess.ts";
import { useSectionDocument } from "./useSectionDocument.ts";

interface SectionEditorProps {
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  section: SectionMeta;
  number: number;
  actor: Actor;
  user: User;
  /** Delegations of the section's penholders, for the read-only notice. */
  penholderDelegations: string[];
  /** More editor extensions (the discussion's highlights), read when the editor is created. */
  extensions?: Extensions;
  /** Called when the person changes the text here (not when others do). */
  onLocalEdit?: () => void;
  /** The draft is under a silence procedure: nobody edits until it ends. */
  frozen?: boolean;
  /** The draft's setting: paragraphs numbered 3.1, 3.2 in the margin. */
  paragraphNumbers?: boolean;
}

/**
 * The collaborative text of one section, a view over its document: editable
 * when the access state says so, with the reason when it is not.
 */
export function SectionEditor({
  socket,
  tracker,
  section,
  number,
  actor,
  user,
  penholderDelegations,
  extensions,
  onLocalEdit,
  frozen = false,
  paragraphNumbers = true,
}: SectionEditorProps) {
  const { session, access, synced, copyAt } = useSectionDocument({
    socket,
    tracker,
    section,
    actor,
    userId: user.id,
    frozen,
  });
  const editable = access === "writable";
  const notice = sectionNotice(access, section, penholderDelegations, frozen);
  const label = `Section ${number}: ${section.title || "Untitled"}`;

  return (
    <div className="section-editor" aria-busy={synced ? undefined : true}>
      {!synced && copyAt !== null && <OfflineCopyMark at={copyAt} />}
      {notice && (
        <p className="section-notice" data-testid="section-notice" role="note">
          <Icon name="lock" className="icon section-notice__icon" />
          {notice}
        </p>
      )}
      {session ? (
        <BoundEditor
          key={session.generation}
          doc={session.doc}
          provider={session.provider}
          editable={editable}
          label={label}
          readOnlyReason={readOnlyReason(notice, section)}
          synced={synced}
          extensions={extensions}
          onLocalEdit={onLocalEdit}
          sectionNumber={String(number)}
          paragraphNumbers={paragraphNumbers}
        />
      ) : (
        <div className="section-text section-text--placeholder">Opening…</div>
      )}
    </div>
  );
}

/** Why the section cannot be typed into, in words for the editor's label. */
function readOnlyReason(notice: string | null, section: SectionMeta): string {
  if (notice) return notice;
  if (section.status === "agreed") return "agreed — locked";
  return "opening";
}
