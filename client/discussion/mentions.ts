/** Someone who can be mentioned: a member of the draft's working group. */
export interface Mentionable {
  userId: string;
  name: string;
  delegation: string;
}

/** The longest text after "@" still read as a name being typed. */
const MAX_QUERY = 40;

/**
 * The "@…" being typed just before the caret, if any: the "@" starts the
 * text or follows a space or an opening bracket, and no line break follows it.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/[\s([{"'“‘]/.test(before[at - 1] ?? "")) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query)) return null;
  return { start: at, query };
}

/** Members matching what was typed: by delegation code, or by the start of any word of their name. */
export function matchMentionables(people: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === "") return people.slice(0, limit);
  const matches = people.filter((person) => {
    const name = person.name.toLowerCase();
    return (
      person.delegation.toLowerCase().startsWith(wanted) ||
      name.startsWith(wanted) ||
      name.split(/\s+/).some((word) => word.startsWith(wanted))
    );
  });
  return matches.slice(0, limit);
}

/** Replaces the "@query" that starts at `start` with "@Name " and says where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  person: Mentionable,
): { text: string; caret: number } {
  const inserted = `@${person.name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The people picked while writing whose "@Name" is still in the text, each once. */
export function mentionedIds(text: string, picked: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const person of picked) {
    if (!ids.includes(person.userId) && text.includes(`@${person.name}`)) ids.push(person.userId);
  }
  return ids;
}
