import { z } from "zod";
import { DELEGATION_CODE_PATTERN, DELEGATION_KIND_VALUES } from "./delegations.ts";
import { displayText, TextLimits } from "./displayText.ts";
import { ID_PATTERN } from "./ids.ts";
import { ROLE_VALUES, SECTION_STATUS_VALUES } from "./roles.ts";

/**
 * Request bodies of the JSON API. The server validates every input with these;
 * the client uses the same schemas to check forms before sending.
 */
const id = z.string().regex(ID_PATTERN, "must be an id");
const title = displayText(TextLimits.title);
const personName = displayText(TextLimits.personName);
const newPassword = z.string().min(10, "must be at least 10 characters").max(1024);
const delegationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(DELEGATION_CODE_PATTERN, "must be a delegation code such as SGP, AU or INTERPOL");

export const LoginRequest = z.strictObject({
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  password: z.string().min(1, "must not be empty").max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, "must not be empty").max(1024),
  newPassword,
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

/** `delegation` is required for someone without an account; for an account it must be theirs, if given. */
export const InviteRequest = z.strictObject({
  email,
  role: z.enum(ROLE_VALUES),
  delegation: delegationCode.optional(),
});
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

/**
 * New accounts give their name and a password; existing accounts accept while
 * signed in, with no body fields. The delegation is the inviter's to set, never
 * the invitee's: a body that names one is refused.
 */
export const AcceptInvitationRequest = z
  .unknown()
  .superRefine((value, context) => {
    if (typeof value === "object" && value !== null && "delegation" in value) {
      context.addIssue({
        code: "custom",
        path: ["delegation"],
        message: "is set by the person who invited you and cannot be chosen here",
      });
    }
  })
  .pipe(
    z
      .strictObject({ name: personName.optional(), password: newPassword.optional() })
      .refine((body) => (body.name === undefined) === (body.password === undefined), {
        message: "give both name and password to create an account, or neither to join with your account",
      }),
  );
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const CreateDelegationRequest = z.strictObject({
  code: delegationCode,
  name: displayText(TextLimits.delegationName),
  kind: z.enum(DELEGATION_KIND_VALUES),
});
export type CreateDelegationRequest = z.infer<typeof CreateDelegationRequest>;

export const PatchDelegationRequest = z
  .strictObject({
    name: displayText(TextLimits.delegationName).optional(),
    kind: z.enum(DELEGATION_KIND_VALUES).optional(),
  })
  .refine((body) => body.name !== undefined || body.kind !== undefined, { message: "must change name or kind" });
export type PatchDelegationRequest = z.infer<typeof PatchDelegationRequest>;

/** The site admin corrects a person's name or moves them to another delegation. */
export const PatchUserRequest = z
  .strictObject({ name: personName.optional(), delegation: delegationCode.optional() })
  .refine((body) => body.name !== undefined || body.delegation !== undefined, {
    message: "must change name or delegation",
  });
export type PatchUserRequest = z.infer<typeof PatchUserRequest>;

export const PasswordResetRequest = z.strictObject({ newPassword });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** What a role change or removal would do: `role` absent means removal. */
export const MemberChangePreviewQuery = z.strictObject({ role: z.enum(ROLE_VALUES).optional() });
export type MemberChangePreviewQuery = z.infer<typeof MemberChangePreviewQuery>;

export const DelegationCodeParam = delegationCode;

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

export const CreateVersionRequest = z.strictObject({ name: title });
export type CreateVersionRequest = z.infer<typeof CreateVersionRequest>;

export const RestoreVersionRequest = z.strictObject({
  sectionIds: z
    .array(id)
    .min(1, "must name at least one section (leave it out to restore the whole draft)")
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat a section")
    .optional(),
});
export type RestoreVersionRequest = z.infer<typeof RestoreVersionRequest>;

export const PatchDraftRequest = z
  .strictObject({ title: title.optional(), paragraphNumbers: z.boolean().optional() })
  .refine((body) => body.title !== undefined || body.paragraphNumbers !== undefined, {
    message: "must change at least one of title, paragraphNumbers",
  });
export type PatchDraftRequest = z.infer<typeof PatchDraftRequest>;

export const CompareQuery = z.strictObject({
  from: id,
  to: z.union([z.literal("live"), id]).default("live"),
});

export const EXPORT_FORMATS = ["docx", "md", "html"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS), version: id.optional() });
