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

/**
 * The mentions of an edited comment: those it had whose "@Name" is still in
 * the text, then those picked again while editing, each once.
 */
export function mentionsAfterEdit(
  text: string,
  before: readonly string[],
  people: readonly Mentionable[],
  picked: readonly string[],
): string[] {
  const kept = before.filter((id) => {
    const person = people.find((candidate) => candidate.userId === id);
    return person ? text.includes(`@${person.name}`) : false;
  });
  return [...new Set([...kept, ...picked])];
}

/** A comment's text cut into plain runs and "@Name" mentions of the people it mentions, in order. */
export function splitMentions(text: string, mentioned: readonly Mentionable[]): { text: string; mention: boolean }[] {
  if (mentioned.length === 0) return text === "" ? [] : [{ text, mention: false }];
  // Longest first, so "@Ana Maria" wins over "@Ana" where both match.
  const names = mentioned.map((person) => `@${person.name}`).sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  let rest = text;
  while (rest.length > 0) {
    let first: { index: number; name: string } | null = null;
    for (const name of names) {
      const index = rest.indexOf(name);
      if (index >= 0 && (first === null || index < first.index)) first = { index, name };
    }
    if (!first) {
      parts.push({ text: rest, mention: false });
      break;
    }
    if (first.index > 0) parts.push({ text: rest.slice(0, first.index), mention: false });
    parts.push({ text: first.name, mention: true });
    rest = rest.slice(first.index + first.name.length);
  }
  return parts;
}
