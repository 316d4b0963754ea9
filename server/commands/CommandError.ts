/**
 * Why a command refused. Routes answer each kind with its HTTP status
 * (`invalid` 400, `unauthorized` 401, `forbidden` 403, `notFound` 404,
 * `conflict` 409); the
 * message is written for the person who asked and says what to do next.
 */
export const RefusalKinds = {
  invalid: "invalid",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  notFound: "notFound",
  conflict: "conflict",
} as const;
export type RefusalKind = (typeof RefusalKinds)[keyof typeof RefusalKinds];

export class CommandError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }

  static invalid(message: string): CommandError {
    return new CommandError("invalid", message);
  }

  static forbidden(message: string): CommandError {
    return new CommandError("forbidden", message);
  }

  /** Also for things that exist but the actor may not see, so existence never leaks. */
  static notFound(what: string): CommandError {
    return new CommandError("notFound", `${what} not found.`);
  }

  static conflict(message: string): CommandError {
    return new CommandError("conflict", message);
  }
}
