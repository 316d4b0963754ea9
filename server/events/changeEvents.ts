/**
 * What a committed command changed, named precisely enough that whoever
 * reacts (the draft projection, re-authorisation of open connections, later a
 * channel to other servers) touches only that. Plain data: an event can be
 * serialised as it is.
 */
export const ChangeEventTypes = {
  /** A draft's metadata changed (title, section order, a section's title or status, a section added or removed). */
  draftChanged: "draftChanged",
  /** Who may write a section may have changed (its status, its removal or restoration). */
  sectionAccessChanged: "sectionAccessChanged",
  /** The pen of one section changed hands. */
  penholdersChanged: "penholdersChanged",
  /** A member's role in a group changed (to or from observer, member or lead). */
  memberRoleChanged: "memberRoleChanged",
  /** Someone joined a group. */
  memberJoined: "memberJoined",
  /** Someone left a group (removed by a lead or the admin). */
  memberRemoved: "memberRemoved",
  /** A session ended (signed out, or signed out elsewhere after a password change). */
  sessionRevoked: "sessionRevoked",
  /** The admin changed a person's name or delegation. */
  accountChanged: "accountChanged",
  /** A thread of a draft's discussion changed (created, commented, settled); for a proposal accepted, its section's text too. */
  discussionChanged: "discussionChanged",
  /** A bracket of a section was created, given an option or a stance, resolved or withdrawn. */
  bracketsChanged: "bracketsChanged",
  /** A silence procedure started or ended (broken, withdrawn or adopted): the draft's text froze or thawed. */
  silenceChanged: "silenceChanged",
  /** A version of a draft was named (or recorded by the silence procedure); versions never change after. */
  versionCreated: "versionCreated",
  /**
   * Sections of a draft were restored from a version: their texts (already
   * written to the live documents by the server), titles, order, and for a
   * whole draft which sections are in it. `sectionIds` names every section whose
   * text or presence may have changed, including those a whole restore removed.
   */
  sectionsRestored: "sectionsRestored",
  /** A draft's own settings changed (its title, whether paragraphs are numbered). */
  draftSettingsChanged: "draftSettingsChanged",
} as const;
export type ChangeEventType = (typeof ChangeEventTypes)[keyof typeof ChangeEventTypes];

export type ChangeEvent =
  | { type: typeof ChangeEventTypes.draftChanged; draftId: string }
  | { type: typeof ChangeEventTypes.sectionAccessChanged; draftId: string; sectionId: string }
  | {
      type: typeof ChangeEventTypes.penholdersChanged;
      draftId: string;
      sectionId: string;
      added: readonly string[];
      removed: readonly string[];
    }
  | { type: typeof ChangeEventTypes.memberRoleChanged; groupId: string; userId: string }
  | { type: typeof ChangeEventTypes.memberJoined; groupId: string; userId: string }
  | { type: typeof ChangeEventTypes.memberRemoved; groupId: string; userId: string }
  | { type: typeof ChangeEventTypes.sessionRevoked; sessionId: string; userId: string }
  | { type: typeof ChangeEventTypes.accountChanged; userId: string }
  | { type: typeof ChangeEventTypes.discussionChanged; draftId: string; sectionId: string; threadId: string }
  | { type: typeof ChangeEventTypes.bracketsChanged; draftId: string; sectionId: string }
  | {
      type: typeof ChangeEventTypes.silenceChanged;
      draftId: string;
      silenceId: string;
      status: "running" | "ended";
    }
  | { type: typeof ChangeEventTypes.versionCreated; draftId: string; versionId: string }
  | {
      type: typeof ChangeEventTypes.sectionsRestored;
      draftId: string;
      versionId: string;
      sectionIds: readonly string[];
    }
  | { type: typeof ChangeEventTypes.draftSettingsChanged; draftId: string };

/** The event of one type, e.g. `EventOf<"penholdersChanged">`. */
export type EventOf<T extends ChangeEventType> = Extract<ChangeEvent, { type: T }>;

/** Builders, so a command writes `Events.memberRemoved({ groupId, userId })`. */
export const Events = {
  draftChanged: (e: Omit<EventOf<"draftChanged">, "type">): ChangeEvent => ({ type: "draftChanged", ...e }),
  sectionAccessChanged: (e: Omit<EventOf<"sectionAccessChanged">, "type">): ChangeEvent => ({
    type: "sectionAccessChanged",
    ...e,
  }),
  penholdersChanged: (e: Omit<EventOf<"penholdersChanged">, "type">): ChangeEvent => ({
    type: "penholdersChanged",
    ...e,
  }),
  memberRoleChanged: (e: Omit<EventOf<"memberRoleChanged">, "type">): ChangeEvent => ({
    type: "memberRoleChanged",
    ...e,
  }),
  memberJoined: (e: Omit<EventOf<"memberJoined">, "type">): ChangeEvent => ({ type: "memberJoined", ...e }),
  memberRemoved: (e: Omit<EventOf<"memberRemoved">, "type">): ChangeEvent => ({ type: "memberRemoved", ...e }),
  sessionRevoked: (e: Omit<EventOf<"sessionRevoked">, "type">): ChangeEvent => ({ type: "sessionRevoked", ...e }),
  accountChanged: (e: Omit<EventOf<"accountChanged">, "type">): ChangeEvent => ({ type: "accountChanged", ...e }),
  discussionChanged: (e: Omit<EventOf<"discussionChanged">, "type">): ChangeEvent => ({
    type: "discussionChanged",
    ...e,
  }),
  bracketsChanged: (e: Omit<EventOf<"bracketsChanged">, "type">): ChangeEvent => ({ type: "bracketsChanged", ...e }),
  silenceChanged: (e: Omit<EventOf<"silenceChanged">, "type">): ChangeEvent => ({ type: "silenceChanged", ...e }),
  versionCreated: (e: Omit<EventOf<"versionCreated">, "type">): ChangeEvent => ({ type: "versionCreated", ...e }),
  sectionsRestored: (e: Omit<EventOf<"sectionsRestored">, "type">): ChangeEvent => ({
    type: "sectionsRestored",
    ...e,
  }),
  draftSettingsChanged: (e: Omit<EventOf<"draftSettingsChanged">, "type">): ChangeEvent => ({
    type: "draftSettingsChanged",
    ...e,
  }),
} as const;
