import { z } from "zod";
import { ROLE_VALUES, SECTION_STATUS_VALUES } from "./roles.ts";

/**
 * Request bodies of the JSON API. The server validates every input with these;
 * the client uses the same schemas to check forms before sending.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id");
const title = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((value) => ![...value].some(isControlCharacter), "must not contain control characters");

function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

export const LoginRequest = z.strictObject({
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  password: z.string().min(1, "must not be empty").max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, "must not be empty").max(1024),
  newPassword: z.string().min(10, "must be at least 10 characters").max(1024),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const CreateDraftRequest = z.strictObject({ title });
export type CreateDraftRequest = z.infer<typeof CreateDraftRequest>;

export const CreateSectionRequest = z.strictObject({
  title,
  afterSectionId: id.optional(),
});
export type CreateSectionRequest = z.infer<typeof CreateSectionRequest>;

export const PatchSectionRequest = z
  .strictObject({
    title: title.optional(),
    status: z.enum(SECTION_STATUS_VALUES).optional(),
    penholders: z
      .array(id)
      .max(50, "must list at most 50 penholders")
      .refine((ids) => new Set(ids).size === ids.length, "must not repeat a penholder")
      .optional(),
  })
  .refine((body) => body.title !== undefined || body.status !== undefined || body.penholders !== undefined, {
    message: "must change at least one of title, status, penholders",
  });
export type PatchSectionRequest = z.infer<typeof PatchSectionRequest>;

export const CreateGroupRequest = z.strictObject({ name: title });
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;

const email = z.string().trim().toLowerCase().email("must be an email address").max(320);

export const InviteRequest = z.strictObject({ email, role: z.enum(ROLE_VALUES) });
export type InviteRequest = z.infer<typeof InviteRequest>;

export const ChangeRoleRequest = z.strictObject({ role: z.enum(ROLE_VALUES) });
export type ChangeRoleRequest = z.infer<typeof ChangeRoleRequest>;

export const ReorderSectionsRequest = z.strictObject({
  sectionIds: z
    .array(id)
    .min(1, "must list the sections")
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat a section"),
});
export type ReorderSectionsRequest = z.infer<typeof ReorderSectionsRequest>;

/** New accounts give name, delegation and password; existing accounts accept while signed in, with no body fields. */
export const AcceptInvitationRequest = z.union([
  z.strictObject({
    name: z.string().trim().min(1, "must not be empty").max(200),
    delegation: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,10}$/, "must be a delegation code such as SGP or AU"),
    password: z.string().min(10, "must be at least 10 characters").max(1024),
  }),
  z.strictObject({}),
]);
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const AuditQuery = z.strictObject({
  action: z
    .string()
    .regex(/^[a-z.]{1,40}$/, "must be an action name such as section.update")
    .optional(),
  actor: id.optional(),
  target: id.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const IdParam = id;

/** Formats a validation failure as one sentence a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".");
      return path ? `${path} ${issue.message}` : issue.message;
    })
    .join("; ");
}
