// `npm run docs`: the static developer portal in api-docs/dist/ — the getting-started guide,
// the public API and every internal API, each a Redoc page with its document inlined, so the
// portal opens from disk or any static host with no network (no CDN, no fetch of the spec).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { offlineRedocBundle } from '../aggregator/src/api/redoc-bundle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'api-docs/dist');

interface PortalPage {
  file: string;
  /** The OpenAPI file offered for download next to the page, if any. */
  source?: string;
  title: string;
  blurb: string;
  document: Record<string, unknown>;
}

/** The guide is Markdown; as the description of an empty OpenAPI document, Redoc renders it with a menu of its sections. */
function guidePage(): PortalPage {
  const markdown = readFileSync(path.join(ROOT, 'api-docs/portal/getting-started.md'), 'utf8');
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Getting started';
  return {
    file: 'getting-started.html',
    title,
    blurb: 'Accounts and tokens, pagination, errors, idempotent checkout and the test payment methods.',
    document: { openapi: '3.1.0', info: { title, version: '1.0.0', description: markdown.replace(/^# .+\n/m, '') }, paths: {} },
  };
}

/** One page per spec redocly.yaml lists (every spec in api-docs/, a lint test makes sure), public first. */
function specPages(): PortalPage[] {
  const apis: Record<string, { root: string }> = parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8')).apis;
  return Object.entries(apis).map(([name, { root }]) => {
    const document = parseYaml(readFileSync(path.join(ROOT, root), 'utf8'));
    const internal = name !== 'public';
    const blurb = internal ? 'Internal: called by other Agora processes inside the mesh, never by clients.' : 'What clients call, through the aggregator.';
    return { file: `${name}.html`, source: path.basename(root), title: document.info.title, blurb, document };
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function redocHtml(page: PortalPage): string {
  // `<\/` keeps a "</script>" inside the document from ending the script element.
  const json = JSON.stringify(page.document).replace(/<\//g, '<\\/');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${escapeHtml(page.title)}</title><style>body { margin: 0; }</style></head>
<body>
<div id="redoc"></div>
<script src="redoc.standalone.js"></script>
<script>Redoc.init(${json}, { hideDownloadButton: false }, document.getElementById('redoc'));</script>
</body>
</html>
`;
}

function indexHtml(pages: PortalPage[]): string {
  const items = pages.map((p) => `<li><a href="${p.file}">${escapeHtml(p.title)}</a> — ${escapeHtml(p.blurb)}${p.source ? ` (<a href="${p.source}">${p.source}</a>)` : ''}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Agora developer portal</title>
<style>body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 3rem auto; line-height: 1.5; } li { margin: .5rem 0; }</style></head>
<body>
<h1>Agora developer portal</h1>
<p>The public API is served by the aggregator under <code>/api/v1</code>; a running aggregator also serves this reference at <code>/docs</code>.
The TypeScript SDK (<code>@agora/sdk</code>, in <code>sdk/</code>) is generated from the same document.</p>
<ul>
${items}
</ul>
</body>
</html>
`;
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
writeFileSync(path.join(DIST, 'redoc.standalone.js'), offlineRedocBundle());
const pages = [guidePage(), ...specPages()];
for (const page of pages) writeFileSync(path.join(DIST, page.file), redocHtml(page));
writeFileSync(path.join(DIST, 'index.html'), indexHtml(pages));
for (const page of pages) if (page.source) copyFileSync(path.join(ROOT, 'api-docs', page.source), path.join(DIST, page.source));
console.log(`Developer portal: ${path.relative(ROOT, DIST)}/index.html (${pages.length} pages)`);
