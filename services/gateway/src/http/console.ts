import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { ApiError, ErrorCode } from '@checkout/contracts';

/**
 * The console's own policy, stricter than the API's: its scripts and styles from this origin only
 * (no inline script or style), its calls to this origin only, no framing, no plugins.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Pico's form controls draw their chevrons and ticks as data: SVGs.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET /console: the merchant console's static files (built by `npm run build` into
 * packages/console/dist). Its hashed script and stylesheet are cached for a year; index.html is
 * revalidated every time, so a deploy is picked up at the next load. No server-side session: the
 * page calls the API with the token the merchant signs in with.
 */
export function consoleRoutes(directory: string): Router {
  const router = express.Router();
  const built = existsSync(path.join(directory, 'index.html'));
  router.use('/console', (_request, response, next) => {
    response.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
    if (!built) throw new ApiError(ErrorCode.NotFound, 'The console is not built in this installation: run npm run build.');
    next();
  });
  router.use(
    '/console',
    express.static(directory, {
      index: 'index.html',
      redirect: true,
      dotfiles: 'ignore',
      setHeaders: (response, file) => {
        response.setHeader('Cache-Control', path.basename(file) === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    }),
  );
  return router;
}
