// `npm run docs`: the static developer portal in api-docs/dist/ — a home page, the guide, the
// SDK's README and the changelog as pages, and a Redoc page per OpenAPI document with the document
// inlined, so the portal opens from disk or any static host with no network (no CDN, no fetch).
// Clients see the public API (with curl and SDK samples on every operation); operators the health
// routes; service developers, in a section of their own, every internal spec.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { offlineRedocBundle } from '../aggregator/src/api/redoc-bundle.js';
import { withCodeSamples } from './portal/code-samples.js';
import { indexPage, markdownPage, redocPage, type PortalLink, type Section } from './portal/pages.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PORTAL_DIST = path.join(ROOT, 'api-docs/dist');

/** Which audience each document of redocly.yaml is for; every other one is a service's internal API. */
const AUDIENCE: Record<string, 'clients' | 'operators'> = { public: 'clients', operators: 'operators' };

interface Guide {
  file: string;
  markdown: string;
  blurb: string;
}

const GUIDES: Guide[] = [
  {
    file: 'getting-started.html',
    markdown: 'api-docs/portal/getting-started.md',
    blurb:
      'From a fresh clone to a paid order: run it, first calls with curl, then the SDK; tokens, pages, errors, idempotent checkout.',
  },
  {
    file: 'sdk.html',
    markdown: 'sdk/README.md',
    blurb: 'The TypeScript client: resource methods, lists you can for-await, typed errors, safe retries, sessions.',
  },
  {
    file: 'changelog.html',
    markdown: 'api-docs/portal/changelog.md',
    blurb: 'What changed in the API, the SDK and this portal.',
  },
];

/** The opening sentence of a description, as plain text. */
const firstSentence = (text: string) =>
  (/^[\s\S]*?\.(?=\s|$)/.exec(text.trim())?.[0] ?? text).replace(/`/g, '').replace(/\s+/g, ' ');
const titleOf = (markdown: string) => /^# (.+)$/m.exec(markdown)?.[1] ?? 'Untitled';

function specs(): Array<{ name: string; root: string; document: Record<string, any> }> {
  const apis: Record<string, { root: string }> = parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8')).apis;
  return Object.entries(apis).map(([name, { root }]) => ({
    name,
    root,
    document: parseYaml(readFileSync(path.join(ROOT, root), 'utf8')),
  }));
}

export function buildPortal(dist = PORTAL_DIST): string[] {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'redoc.standalone.js'), offlineRedocBundle());
  const written: string[] = [];
  const write = (file: string, html: string) => {
    writeFileSync(path.join(dist, file), html);
    written.push(file);
  };

  const guides: PortalLink[] = GUIDES.map((guide) => {
    const markdown = readFileSync(path.join(ROOT, guide.markdown), 'utf8');
    write(guide.file, markdownPage(titleOf(markdown), markdown));
    return { file: guide.file, title: titleOf(markdown), blurb: guide.blurb };
  });

  const links: Record<'clients' | 'operators' | 'internal', PortalLink[]> = {
    clients: [],
    operators: [],
    internal: [],
  };
  for (const spec of specs()) {
    const audience = AUDIENCE[spec.name] ?? 'internal';
    const file = audience === 'clients' ? 'public.html' : `${spec.name}.html`;
    const document = audience === 'clients' ? withCodeSamples(spec.document) : spec.document;
    write(file, redocPage(spec.document.info.title, document));
    copyFileSync(path.join(ROOT, spec.root), path.join(dist, path.basename(spec.root)));
    const blurb = {
      clients: 'Every operation, with request samples in curl and TypeScript.',
      operators: 'Liveness and readiness of every process, for probes.',
      internal: firstSentence(spec.document.info.description ?? ''),
    }[audience];
    links[audience].push({ file, title: spec.document.info.title, blurb, source: path.basename(spec.root) });
  }

  const sections: Section[] = [
    { heading: 'Start here', intro: 'Run Agora locally and make your first calls.', links: guides },
    { heading: 'API reference', intro: 'The public API, served by the gateway under /api/v1.', links: links.clients },
    {
      heading: 'Operators',
      intro: 'For whoever runs Agora: what probes and load balancers call.',
      links: links.operators,
    },
    {
      heading: 'Service developers',
      intro:
        'The internal APIs each service offers the others inside the mesh. Clients never call these; they may change with any release.',
      links: links.internal,
    },
  ];
  write('index.html', indexPage(sections));
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const pages = buildPortal();
  console.log(`Developer portal: ${path.relative(ROOT, PORTAL_DIST)}/index.html (${pages.length} pages)`);
}
