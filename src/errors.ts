// Errors with stable codes. What the caller sent wrong answers BAD_USER_INPUT with a message saying what
// and why; anything unexpected is masked, so no stack trace or internal detail leaves the server. Each
// code has its HTTP status (yoga reads `extensions.http` and leaves it out of the answer), so that a
// proxy, a log or a rate limiter sees a refusal as a 4xx, never as a 200 or a 5xx.
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

export const BAD_USER_INPUT = 'BAD_USER_INPUT';

/**
 * A problem with an argument. Thrown from a resolver or a scalar's parser, it reaches the caller with its
 * code on every path (resolver results, literals, variables) and is never masked.
 */
export class InputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: BAD_USER_INPUT, http: { status: 400 } } });
  }
}

/** One problem of an input, at a path such as ["input", "startYear"]. */
export interface Problem {
  path: (string | number)[];
  message: string;
  /** The message in Vietnamese, where the rule has one (the officers' forms show it). */
  vi?: string;
}

/** Every problem of an input at once, each with its field path, so that a form can mark each field. */
export class InvalidInputError extends GraphQLError {
  constructor(readonly problems: Problem[]) {
    super(`The input is not valid: ${InvalidInputError.listed(problems)}`, {
      extensions: { code: BAD_USER_INPUT, problems, http: { status: 400 } },
    });
  }

  /** The problems as one line, "unit: no unit has the code …; …", as a command line prints them. */
  static listed(problems: Problem[]): string {
    return problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`).join('; ');
  }

  /** The same problems found in a value that stands at `path` of a larger input (an argument `input`). */
  under(path: (string | number)[]): InvalidInputError {
    return new InvalidInputError(this.problems.map((problem) => ({ ...problem, path: [...path, ...problem.path] })));
  }
}

/**
 * A request error in the caller's input, found before execution: a variable of the wrong type, nested too
 * deep, or a NUL character. The GraphQL-over-HTTP spec answers such an error 400 under
 * application/graphql-response+json and 200 under application/json; `spec` is yoga's mark for that.
 */
export class RequestInputError extends GraphQLError {
  constructor(message: string, options: Pick<GraphQLErrorOptions, 'nodes' | 'path'> = {}) {
    super(message, { ...options, extensions: { code: BAD_USER_INPUT, http: { status: 400, spec: true } } });
  }
}

/** A body larger than its kind may be, refused before it is read further. */
export class PayloadTooLargeError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } } });
  }
}

/** An operation that asks for more than one request may: too deep, or too many coverages. */
export class TooComplexError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
  }
}

/** No valid token: absent where one is needed, malformed, expired, revoked, or of a disabled account. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } } });
  }
}

/** Why a valid embed token shows nothing; each code is what the widget tells its visitor (docs/widgets.md). */
export type EmbedRefusal = 'EMBED_TOKEN_REVOKED' | 'EMBED_TOKEN_EXPIRED' | 'EMBED_ORIGIN_NOT_ALLOWED';

/**
 * A genuine embed token that may not show its chart here or now: revoked, expired, or on a page of an origin
 * it is not for. `details` (the date, the refused and the allowed origins) go into `extensions` for the
 * widget to write to the developer's console.
 */
export class EmbedRefusedError extends GraphQLError {
  constructor(code: EmbedRefusal, message: string, details: Record<string, unknown>) {
    const http = code === 'EMBED_ORIGIN_NOT_ALLOWED' ? { status: 403 } : { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
    super(message, { extensions: { code, ...details, http } });
  }
}

/** Too many attempts: wait the seconds given. `vi`, the same in Vietnamese, where it is said to officers. */
export class RateLimitedError extends GraphQLError {
  constructor(message: string, retryAfterSeconds: number, vi?: string) {
    super(message, {
      extensions: { code: 'RATE_LIMITED', ...(vi ? { vi } : {}), http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
    });
  }
}

/** A signed-in viewer asking for what their role or their area does not allow; `vi`, the same in Vietnamese, where it is said to officers. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string, vi?: string) {
    super(message, { extensions: { code: 'FORBIDDEN', ...(vi ? { vi } : {}), http: { status: 403 } } });
  }
}
