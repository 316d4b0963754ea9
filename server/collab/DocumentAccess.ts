import { parseDocumentName } from "../../shared/documentNames.ts";
import { Actions, can, type DocumentAccess, sectionAccess } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { User } from "../../shared/types.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

type GroupStore = Stores["groups"];
type DraftStore = Stores["drafts"];
type SilenceStore = Stores["silences"];
type SectionLocation = Awaited<ReturnType<DraftStore["locateSection"]>>;

/** What access is decided from, as the database says it now. */
export interface AccessFacts {
  groupOf(draftId: string): Promise<string | null>;
  roleOf(groupId: string, userId: string): Promise<Role | null>;
  locateSection(sectionId: string): Promise<SectionLocation>;
  /** Drafts under a running silence procedure have their text frozen for everyone. */
  isFrozen(draftId: string): Promise<boolean>;
}

/**
 * What a user may do with a named document, decided by the shared permission
 * function from what the database says now. Unknown documents and documents of
 * other groups both give "none", so a refusal never reveals whether a name exists.
 */
export class DocumentAccessPolicy {
  private readonly facts: AccessFacts;

  constructor(groups: GroupStore, drafts: DraftStore, silences: Pick<SilenceStore, "isRunning">) {
    this.facts = {
      groupOf: (draftId) => drafts.groupOf(draftId),
      roleOf: (groupId, userId) => groups.roleOf(groupId, userId),
      locateSection: (sectionId) => drafts.locateSection(sectionId),
      isFrozen: (draftId) => silences.isRunning(draftId),
    };
  }

  /**
   * Facts read once each, for one pass over many connections (a role change
   * re-checks every document every session of the person has open: the same
   * role, draft and section rows each time). A pass starts after the change
   * committed; a later change starts a pass of its own.
   */
  factsForOnePass(): AccessFacts {
    return {
      groupOf: remembered((draftId: string) => this.facts.groupOf(draftId)),
      roleOf: remembered2((groupId: string, userId: string) => this.facts.roleOf(groupId, userId)),
      locateSection: remembered((sectionId: string) => this.facts.locateSection(sectionId)),
      isFrozen: remembered((draftId: string) => this.facts.isFrozen(draftId)),
    };
  }

  async accessTo(user: User, documentName: string, facts: AccessFacts = this.facts): Promise<DocumentAccess> {
    const ref = parseDocumentName(documentName);
    if (!ref) return "none";
    switch (ref.kind) {
      case "draft":
      case "discussion": {
        // Both are written only by the server: readers never get write access.
        const groupId = await facts.groupOf(ref.id);
        if (!groupId) return "none";
        const actor = { userId: user.id, isAdmin: user.isAdmin, role: await facts.roleOf(groupId, user.id) };
        return can(actor, Actions.viewDraft) ? "read" : "none";
      }
      case "section": {
        const located = await facts.locateSection(ref.id);
        if (!located || located.removed) return "none";
        const actor = { userId: user.id, isAdmin: user.isAdmin, role: await facts.roleOf(located.groupId, user.id) };
        return sectionAccess(actor, { ...located.section, frozen: await facts.isFrozen(located.draftId) });
      }
      default: {
        const unknown: never = ref.kind;
        return unknown;
      }
    }
  }
}

/** `read`, asked once per key: the first answer (or its failure) serves the rest. */
export function remembered<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const answers = new Map<string, Promise<T>>();
  return (key) => {
    let answer = answers.get(key);
    if (!answer) {
      answer = read(key);
      answers.set(key, answer);
    }
    return answer;
  };
}

function remembered2<T>(read: (a: string, b: string) => Promise<T>): (a: string, b: string) => Promise<T> {
  const one = remembered((key: string) => {
    const [a = "", b = ""] = key.split("\0");
    return read(a, b);
  });
  return (a, b) => one(`${a}\0${b}`);
}
