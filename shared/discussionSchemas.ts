import { z } from "zod";
import { IdParam } from "./schemas.ts";

/**
 * Request bodies of the discussion API (threads, comments, proposals). The
 * server validates every input with these; the client may check forms with them.
 */
export const MAX_COMMENT_CHARS = 10_000;
export const MAX_PROPOSAL_CHARS = 10_000;
export const MAX_REASON_CHARS = 5_000;
export const MAX_MENTIONS = 20;

/** Base64 of `Y.encodeRelativePosition`: a few dozen bytes; 512 characters is generous. */
const relativePosition = z
  .string()
  .min(2, "must be base64 of an encoded Yjs relative position")
  .max(512, "must be at most 512 characters")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64 of an encoded Yjs relative position");

export const AnchorSchema = z.strictObject({ start: relativePosition, end: relativePosition });

/** Plain text, stored exactly as given (never trimmed, never interpreted as HTML). */
const commentBody = z
  .string()
  .max(MAX_COMMENT_CHARS, `must be at most ${MAX_COMMENT_CHARS} characters`)
  .refine((value) => value.trim().length > 0, "must not be empty");

const mentions = z
  .array(IdParam)
  .max(MAX_MENTIONS, `must list at most ${MAX_MENTIONS} people`)
  .refine((ids) => new Set(ids).size === ids.length, "must not repeat a person");

/** Text that goes into the section: one run within a paragraph, so no line breaks or control characters. */
const sectionText = z
  .string()
  .max(MAX_PROPOSAL_CHARS, `must be at most ${MAX_PROPOSAL_CHARS} characters`)
  .refine(
    (value) => ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f),
    "must not contain line breaks or control characters (a proposal changes text within one paragraph)",
  );

export const CreateThreadRequest = z.strictObject({
  sectionId: IdParam,
  anchor: AnchorSchema,
  body: commentBody,
  mentions: mentions.optional(),
});
export type CreateThreadRequest = z.infer<typeof CreateThreadRequest>;

export const CreateProposalRequest = z.strictObject({
  sectionId: IdParam,
  anchor: AnchorSchema,
  replacement: sectionText,
  rationale: z.string().max(MAX_REASON_CHARS, `must be at most ${MAX_REASON_CHARS} characters`).optional(),
});
export type CreateProposalRequest = z.infer<typeof CreateProposalRequest>;

export const AddCommentRequest = z.strictObject({ body: commentBody, mentions: mentions.optional() });
export type AddCommentRequest = z.infer<typeof AddCommentRequest>;

/** Editing replaces the body; `mentions`, when given, replaces the mentions (else they are kept). */
export const EditCommentRequest = z.strictObject({ body: commentBody, mentions: mentions.optional() });
export type EditCommentRequest = z.infer<typeof EditCommentRequest>;

export const AcceptProposalRequest = z.strictObject({
  confirm: z.boolean().optional(),
  /** With confirm: the current text the person checked; if it changed again, the server asks again. */
  current: z.string().max(100_000, "must be at most 100000 characters").optional(),
});
export type AcceptProposalRequest = z.infer<typeof AcceptProposalRequest>;

export const RejectProposalRequest = z.strictObject({
  reason: z
    .string()
    .max(MAX_REASON_CHARS, `must be at most ${MAX_REASON_CHARS} characters`)
    .refine((value) => value.trim().length > 0, "must not be empty: say why the proposal is rejected"),
});
export type RejectProposalRequest = z.infer<typeof RejectProposalRequest>;
