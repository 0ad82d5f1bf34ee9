import type { NextFunction, Request, Response } from 'express';
import { ApiError, ErrorCode } from '@checkout/contracts';
import { AuthenticationError, type Caller } from '../auth/caller';
import type { JwtVerifier } from '../auth/jwt-verifier';

const REALM = 'checkout';

export function callerOf(response: Response): Caller {
  return response.locals.caller as Caller;
}

/** Bearer JWT in, Caller out; 401 (with WWW-Authenticate) for a bad token, 403 for a missing scope. */
export function authenticate(verifier: JwtVerifier, requiredScope: string) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer +([^ ]+) *$/i.exec(header) : null;
    if (!match) {
      throw new ApiError(ErrorCode.Unauthenticated, 'Send a bearer token: Authorization: Bearer <JWT>.', {
        headers: { 'WWW-Authenticate': `Bearer realm="${REALM}"` },
      });
    }
    let caller: Caller;
    try {
      caller = await verifier.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      throw new ApiError(ErrorCode.Unauthenticated, `The bearer token was rejected: ${error.message}.`, {
        headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${error.message}"` },
      });
    }
    if (!caller.scopes.has(requiredScope)) {
      throw new ApiError(ErrorCode.InsufficientScope, `This operation needs the ${requiredScope} scope.`, {
        headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${requiredScope}"` },
      });
    }
    response.locals.caller = caller;
    next();
  };
}
