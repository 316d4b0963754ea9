import type { Connection } from "@hocuspocus/server";
import type { ChangeEvent } from "../events/changeEvents.ts";
import type { DraftProjection } from "./DraftProjection.ts";
import type { NegotiationProjection } from "./NegotiationProjection.ts";
import type { Reauthorizer } from "./Reauthorizer.ts";
import type { RoleAnnouncer } from "./RoleAnnouncer.ts";

/**
 * How live documents and connections follow a committed change. Each event
 * touches only what it names: one draft's projection, one section's
 * connections, one draft's connections, or one user's connections; nothing
 * scans every loaded document.
 *
 * With several servers, every server re-checks its own connections, but only
 * the server where the change was committed (`writes`) rewrites the draft's
 * projections: the others receive that write through document sync. Two
 * servers rewriting the section order at once would each insert it, and the
 * merge would list every section twice.
 */
export async function reactToChange(
  event: ChangeEvent,
  reactions: {
    projection: DraftProjection;
    negotiation: NegotiationProjection;
    reauthorizer: Reauthorizer;
    roles: RoleAnnouncer;
    connectionsOf: (userId: string) => Connection[];
  },
  writes = true,
): Promise<void> {
  const { projection, negotiation, reauthorizer, roles, connectionsOf } = reactions;
  switch (event.type) {
    case "draftChanged":
      if (!writes) return;
      await projection.draftChanged(event.draftId);
      await negotiation.sectionsChanged(event.draftId);
      return;
    case "sectionAccessChanged":
      await reauthorizer.section(event.sectionId);
      return;
    case "penholdersChanged":
      await reauthorizer.section(event.sectionId, [...event.added, ...event.removed]);
      return;
    case "memberRoleChanged":
    case "memberJoined":
    case "memberRemoved":
    // A new delegation can change what the person's pending invitations and rights rest on.
    case "accountChanged":
      await reauthorizer.user(event.userId);
      // Their draft pages (still open after a role change) show what the new role may do.
      await roles.user(connectionsOf(event.userId));
      return;
    case "sessionRevoked":
      reauthorizer.sessionEnded(event.userId, event.sessionId);
      return;
    case "bracketsChanged":
      if (writes) await negotiation.bracketsChanged(event.draftId, event.sectionId);
      return;
    case "silenceChanged":
      if (writes) await negotiation.silenceChanged(event.draftId);
      // Freezing and thawing the text flips who may write every section of the draft.
      await reauthorizer.draft(event.draftId);
      return;
    case "discussionChanged":
      // The server's own document write already reached every connection; who may read is unchanged.
      return;
    case "versionCreated":
      // Versions are read over HTTP when someone opens the list; no live document holds them.
      return;
    case "sectionsRestored":
      // The texts reached every connection through the server's write; the outline, the
      // progress figures and who may write each named section (removed, back, reordered) follow.
      if (writes) {
        await projection.draftChanged(event.draftId);
        await negotiation.sectionsChanged(event.draftId);
      }
      for (const sectionId of event.sectionIds) await reauthorizer.section(sectionId);
      return;
    case "draftSettingsChanged":
      // Title and numbering are in the draft's projection only; nobody's rights change.
      if (writes) await projection.draftChanged(event.draftId);
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled change event ${JSON.stringify(unknown)}`);
    }
  }
}
