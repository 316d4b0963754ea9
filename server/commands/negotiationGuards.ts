import type { BracketStore } from "../storage/BracketStore.ts";
import type { SilenceStore } from "../storage/SilenceStore.ts";
import { CommandError } from "./CommandError.ts";

/** Under silence the text is frozen: no edit through the API either. */
export function refuseIfFrozen(silences: Pick<SilenceStore, "isRunning">, draftId: string): void {
  if (silences.isRunning(draftId)) {
    throw CommandError.conflict(
      "The draft is under silence procedure: its text is frozen until the procedure ends (broken, withdrawn or adopted).",
    );
  }
}

/** A section with an open bracket cannot be agreed: the answer names the brackets. */
export function refuseIfBracketed(brackets: Pick<BracketStore, "openInSection">, sectionId: string): void {
  const open = brackets.openInSection(sectionId);
  if (open.length === 0) return;
  const named = open.map((bracket) => `“${bracket.quote}”`).join(", ");
  throw CommandError.conflict(
    `This section has ${open.length} open bracket${open.length === 1 ? "" : "s"}: ${named}. Resolve or withdraw ${open.length === 1 ? "it" : "them"} before agreeing the section.`,
  );
}
