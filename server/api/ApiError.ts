import { type ApiErrorCode, ApiErrorCodes } from "../../shared/types.ts";
import type { CommandError, RefusalKind } from "../commands/CommandError.ts";

/** A failure the client caused or may act on; answered as `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, ApiErrorCodes.badRequest, message);
  }

  static unauthorized(message = "Sign in first: this needs a valid session."): ApiError {
    return new ApiError(401, ApiErrorCodes.unauthorized, message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(403, ApiErrorCodes.forbidden, message);
  }

  /** Also used for things that exist but the caller may not see, so existence never leaks. */
  static notFound(what: string): ApiError {
    return new ApiError(404, ApiErrorCodes.notFound, `${what} not found.`);
  }

  /** The HTTP answer to a command's refusal. */
  static fromRefusal(refusal: CommandError): ApiError {
    const { status, code } = REFUSALS[refusal.kind];
    return new ApiError(status, code, refusal.message);
  }
}

const REFUSALS: Record<RefusalKind, { status: 400 | 401 | 403 | 404 | 409; code: ApiErrorCode }> = {
  invalid: { status: 400, code: ApiErrorCodes.badRequest },
  unauthorized: { status: 401, code: ApiErrorCodes.unauthorized },
  forbidden: { status: 403, code: ApiErrorCodes.forbidden },
  notFound: { status: 404, code: ApiErrorCodes.notFound },
  conflict: { status: 409, code: ApiErrorCodes.conflict },
};
