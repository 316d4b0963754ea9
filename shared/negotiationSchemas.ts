import { z } from "zod";
import { AnchorSchema, MAX_PROPOSAL_CHARS, MAX_REASON_CHARS } from "./discussionSchemas.ts";
import { IdParam } from "./schemas.ts";

/** Request bodies of the negotiation API (brackets and the silence procedure). */
export const MAX_ALTERNATIVES = 10;
export const MAX_OPTIONS = 20;

/** A wording that goes into the section: one run within a paragraph, like a proposal's replacement. */
const wording = z
  .string()
  .max(MAX_PROPOSAL_CHARS, `must be at most ${MAX_PROPOSAL_CHARS} characters`)
  .refine(
    (value) => ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f),
    "must not contain line breaks or control characters (an option replaces text within one paragraph)",
  );

export const CreateBracketRequest = z.strictObject({
  sectionId: IdParam,
  anchor: AnchorSchema,
  alternatives: z.array(wording).max(MAX_ALTERNATIVES, `must list at most ${MAX_ALTERNATIVES} wordings`).optional(),
});
export type CreateBracketRequest = z.infer<typeof CreateBracketRequest>;

export const AddOptionRequest = z.strictObject({ text: wording });
export type AddOptionRequest = z.infer<typeof AddOptionRequest>;

export const StanceRequest = z.strictObject({
  optionId: IdParam,
  stance: z.enum(["support", "object", "none"], { message: 'must be "support", "object" or "none"' }),
});
export type StanceRequest = z.infer<typeof StanceRequest>;

export const ResolveBracketRequest = z.union(
  [z.strictObject({ optionId: IdParam }), z.strictObject({ withdraw: z.literal(true) })],
  { message: 'must be {"optionId": "<an option of this bracket>"} or {"withdraw": true}' },
);
export type ResolveBracketRequest = z.infer<typeof ResolveBracketRequest>;

export const StartSilenceRequest = z.strictObject({
  until: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2027-03-01T17:00:00Z" }),
});
export type StartSilenceRequest = z.infer<typeof StartSilenceRequest>;

export const BreakSilenceRequest = z.strictObject({
  reason: z
    .string()
    .max(MAX_REASON_CHARS, `must be at most ${MAX_REASON_CHARS} characters`)
    .refine((value) => value.trim().length > 0, "must not be empty: say why your delegation breaks silence"),
});
export type BreakSilenceRequest = z.infer<typeof BreakSilenceRequest>;
