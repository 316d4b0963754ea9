import { type Mentionable, splitMentions } from "../mentions.ts";

/** The comment's text, with the "@Name" of each mentioned person marked; text nodes only. */
export function CommentText({ body, mentioned }: { body: string; mentioned: readonly Mentionable[] }) {
  return (
    <>
      {splitMentions(body, mentioned).map((part, index) =>
        part.mention ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order; they never move.
          <span key={index} className="mention">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
