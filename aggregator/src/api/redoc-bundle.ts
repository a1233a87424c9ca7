import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Redoc's menu footer shows Redocly's logo from their CDN; an empty image instead keeps the
// page free of third-party requests (the img hides itself when it fails to load).
const CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

/** Redoc's standalone bundle from node_modules, made to load nothing from outside. */
export function offlineRedocBundle(): string {
  const file = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
  return readFileSync(file, 'utf8').replaceAll(CDN_LOGO, 'data:,');
}
