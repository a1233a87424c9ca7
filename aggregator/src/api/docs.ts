import { createRouter } from '@agora/koa-kit';
import { offlineRedocBundle } from './redoc-bundle.js';

// Redoc renders the spec the kit already serves at /openapi.json. Everything comes from this
// origin, so the page works offline, and the policy below makes the browser hold it to that.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Agora public API</title>
  <link rel="icon" href="data:,">
  <style>body { margin: 0; }</style>
</head>
<body>
  <redoc spec-url="/openapi.json"></redoc>
  <script src="/docs/redoc.standalone.js"></script>
</body>
</html>
`;

const POLICY = [
  "default-src 'self'",
  // Redoc styles with styled-components (inline <style>) and runs its search in a blob: worker.
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
].join('; ');

/** The public API reference: `GET /docs` (Redoc) and the Redoc bundle it loads, no CDN. */
export function docsRoutes() {
  const bundle = offlineRedocBundle();
  const router = createRouter();
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', POLICY);
    ctx.body = PAGE;
  });
  router.get('/docs/redoc.standalone.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = bundle;
  });
  return router;
}
