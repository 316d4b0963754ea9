import type { Stores } from "../storage/UnitOfWork.ts";
import { CommandError } from "./CommandError.ts";

type BracketStore = Stores["brackets"];
type SilenceStore = Stores["silences"];

/** Under silence the text is frozen: no edit through the API either. */
export async function refuseIfFrozen(silences: Pick<SilenceStore, "isRunning">, draftId: string): Promise<void> {
  if (await silences.isRunning(draftId)) {
    throw CommandError.conflict(
      "The draft is under silence procedure: its text is frozen until the procedure ends (broken, withdrawn or adopted).",
    );
  }
}

/** A section with an open bracket cannot be agreed: the answer names the brackets. */
export async function refuseIfBracketed(
  brackets: Pick<BracketStore, "openInSection">,
  sectionId: string,
): Promise<void> {
  const open = await brackets.openInSection(sectionId);
  if (open.length === 0) return;
  const named = open.map((bracket) => `“${bracket.quote}”`).join(", ");
  throw CommandError.conflict(
    `This section has ${open.length} open bracket${open.length === 1 ? "" : "s"}: ${named}. Resolve or withdraw ${open.length === 1 ? "it" : "them"} before agreeing the section.`,
  );
}
