import express, { type Router } from 'express';
import { ApiError, codeOfProblemType, ERROR_ANSWERS, ErrorCode, problemType, type ErrorAnswer } from '@checkout/contracts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The descriptions' `code` spans, as the docs write them. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1f2328}code{background:#f0f2f4;padding:0 .25rem;border-radius:3px}dt{margin-top:.8rem}';

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeHtml(title)} · Checkout API</title><style>${STYLE}</style></head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function problemPage(code: ErrorCode, answer: ErrorAnswer): string {
  return page(
    answer.title,
    `<p><a href="/problems">Checkout API problems</a></p>
<h1>${escapeHtml(answer.title)}</h1>
<p>HTTP <strong>${answer.status}</strong> · <code>code: "${code}"</code> · <code>type: "${problemType(code)}"</code></p>
<p>${prose(answer.description)}</p>
<p>Every error is an RFC 9457 <code>application/problem+json</code> document: branch on <code>code</code>, show <code>detail</code>; field problems are listed in <code>errors</code>. The operations that answer it are in the <a href="/docs">API reference</a>.</p>`,
  );
}

function indexPage(): string {
  const rows = (Object.entries(ERROR_ANSWERS) as [ErrorCode, ErrorAnswer][])
    .map(([code, answer]) => `<dt><a href="${problemType(code)}">${escapeHtml(answer.title)}</a> · ${answer.status} · <code>${code}</code></dt><dd>${prose(answer.description)}</dd>`)
    .join('\n');
  return page('Problems', `<h1>Checkout API problems</h1>\n<p>What each problem <code>type</code> means.</p>\n<dl>\n${rows}\n</dl>`);
}

/** GET /problems and /problems/{type}: the page each problem's `type` URI resolves to, built from the error table. */
export function problemPages(): Router {
  const router = express.Router();
  const pages = new Map(Object.values(ErrorCode).map((code) => [code, problemPage(code, ERROR_ANSWERS[code])]));
  const index = indexPage();
  const cached = { 'Cache-Control': 'public, max-age=3600' };
  router.get('/problems', (_request, response) => {
    response.set(cached).type('html').send(index);
  });
  router.get('/problems/:type', (request, response) => {
    const code = codeOfProblemType(String(request.params.type));
    if (!code) throw new ApiError(ErrorCode.NotFound, `No problem type ${request.params.type} exists; see /problems.`);
    response.set(cached).type('html').send(pages.get(code));
  });
  return router;
}
