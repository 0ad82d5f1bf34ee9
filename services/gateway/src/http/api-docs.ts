import express, { type Router } from 'express';
// Only the path helper: the package's index loads the whole Swagger UI bundle into the server.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { buildOpenApiDocument } from '@checkout/contracts';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Checkout API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n";

/** GET /openapi.json (the OpenAPI 3.1 document) and /docs (Swagger UI, served from our own files). */
export function apiDocs(): Router {
  const router = express.Router();
  const document = JSON.stringify(buildOpenApiDocument());
  router.get('/openapi.json', (_request, response) => {
    response.type('application/json').send(document);
  });
  router.get(['/docs', '/docs/'], (_request, response) => {
    response.type('html').send(DOCS_PAGE);
  });
  // Its own file, not inline: the Content-Security-Policy runs no inline script.
  router.get('/docs/init.js', (_request, response) => {
    response.type('text/javascript').set('Cache-Control', 'public, max-age=86400').send(DOCS_INIT);
  });
  router.use('/docs', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  return router;
}
