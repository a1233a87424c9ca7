// The portal's HTML: one layout for every page (a header that links home and to the main
// pages), Markdown pages rendered at build time, and Redoc pages with their document inlined.
import { marked } from 'marked';

export interface PortalLink {
  file: string;
  title: string;
  blurb: string;
  /** The document offered for download beside the link, if any. */
  source?: string;
}

export type Section = { heading: string; intro: string; links: PortalLink[] };

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HEADER_HEIGHT = 48;
const STYLE = `
body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; }
header.portal { position: fixed; top: 0; left: 0; right: 0; height: ${HEADER_HEIGHT}px; z-index: 10; display: flex; align-items: center; gap: 1.5rem; padding: 0 1.25rem; background: #14213d; }
header.portal a { color: #e5e5e5; text-decoration: none; font-size: .95rem; }
header.portal a.home { color: #fff; font-weight: 600; }
header.portal a:hover { color: #fca311; }
main.page { box-sizing: border-box; max-width: 64rem; margin: 0 auto; padding: ${HEADER_HEIGHT + 24}px 1.5rem 4rem; line-height: 1.55; }
main.page pre { background: #f4f5f7; padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.4; }
main.page code { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: .88em; }
main.page table { border-collapse: collapse; margin: 1rem 0; }
main.page th, main.page td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
main.page li { margin: .3rem 0; }
#redoc { padding-top: ${HEADER_HEIGHT}px; }
`;

const NAV: Array<[string, string]> = [
  ['getting-started.html', 'Getting started'],
  ['sdk.html', 'TypeScript SDK'],
  ['public.html', 'API reference'],
  ['changelog.html', 'Changelog'],
];

function layout(title: string, body: string, head = ''): string {
  const nav = NAV.map(([file, label]) => `<a href="${file}">${label}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Agora developer portal</title><style>${STYLE}</style>${head}</head>
<body>
<header class="portal"><a class="home" href="index.html">Agora developer portal</a>${nav}</header>
${body}
</body>
</html>
`;
}

/** A Markdown page (the guide, the SDK's README, the changelog). */
export function markdownPage(title: string, markdown: string): string {
  return layout(title, `<main class="page">\n${marked(markdown, { headerIds: true, mangle: false })}</main>`);
}

/** A Redoc page of one OpenAPI document, inlined: nothing is fetched, not even the document. */
export function redocPage(title: string, document: object): string {
  // `<\/` keeps a "</script>" inside the document from ending the script element (JSON reads it as "</").
  const json = JSON.stringify(document).replace(/<\//g, '<\\/');
  const options = {
    hideDownloadButton: false,
    scrollYOffset: HEADER_HEIGHT,
    expandSingleSchemaField: true,
    requiredPropsFirst: true,
    theme: { rightPanel: { width: '42%' } },
  };
  return layout(
    title,
    `<div id="redoc"></div>
<script type="application/json" id="openapi-document">${json}</script>
<script src="redoc.standalone.js"></script>
<script>Redoc.init(JSON.parse(document.getElementById('openapi-document').textContent), ${JSON.stringify(options)}, document.getElementById('redoc'));</script>`,
  );
}

export function indexPage(sections: Section[]): string {
  const link = (l: PortalLink) =>
    `<li><a href="${l.file}">${escapeHtml(l.title)}</a> — ${escapeHtml(l.blurb)}${l.source ? ` (<a href="${l.source}" download>${l.source}</a>)` : ''}</li>`;
  const body = sections
    .map(
      (s) =>
        `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n<p>${escapeHtml(s.intro)}</p>\n<ul>\n${s.links.map(link).join('\n')}\n</ul>\n</section>`,
    )
    .join('\n');
  return layout(
    'Home',
    `<main class="page">
<h1>Agora developer portal</h1>
<p>Agora is a multi-vendor marketplace API: sellers list products, buyers fill a cart and check out, each seller ships their part of an order.
Everything a client does goes through one entry point under <code>/api/v1</code>.</p>
${body}
</main>`,
  );
}
