import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The one headers layer of every HTTP service (helmet): a Content-Security-Policy that runs only our
 * own scripts and lets no one frame a page (the sandbox's Pay button cannot be clickjacked), nosniff,
 * no Referer sent on, HSTS, and none of the cross-origin isolation headers a JSON API has no use for.
 * Inline styles stay allowed (the pages and Swagger UI use them); inline scripts do not.
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
  }) as Middleware;
}

/** For answers no cache may keep: everything the API answers (sessions, a webhook secret shown once), the shopper's pages. */
export function noStore(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}
