import type { Thread } from "../../../shared/discussion.ts";
import { CommentComposer } from "../CommentComposer.tsx";
import { discussionApi } from "../discussionApi.ts";
import type { Mentionable } from "../mentions.ts";

/** A reply to an open thread, with @mentions. */
export function ReplyForm({ thread, people }: { thread: Thread; people: readonly Mentionable[] }) {
  return (
    <CommentComposer
      label={`Reply to ${thread.author.name}`}
      placeholder="Reply… (@ to mention)"
      people={people}
      submitLabel="Reply"
      inputTestId="reply-input"
      submitTestId="submit-reply"
      onSubmit={async (body, mentions) => {
        await discussionApi.reply(thread.id, { body, ...(mentions.length > 0 && { mentions }) });
      }}
    />
  );
}
