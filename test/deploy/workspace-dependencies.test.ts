import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = [
  ...readdirSync(path.join(ROOT, 'libs')).map((d) => `libs/${d}`),
  ...readdirSync(path.join(ROOT, 'services')).map((d) => `services/${d}`),
  'aggregator',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Images install only what package.json declares: an undeclared workspace import works in the monorepo and breaks in the image. */
describe('deploy: every workspace a package imports at run time is one it declares', () => {
  for (const pkg of PACKAGES) {
    it(`${pkg} declares each @agora package its src/ imports`, () => {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, pkg, 'package.json'), 'utf8'));
      const declared = new Set(Object.keys(manifest.dependencies ?? {}));
      const imported = new Set<string>();
      for (const file of sources(path.join(ROOT, pkg, 'src'))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/from '(@agora\/[a-z-]+)'/g))
          if (match[1] !== manifest.name) imported.add(match[1]);
      }
      expect([...imported].filter((name) => !declared.has(name)).sort()).to.deep.equal([]);
    });
  }
});
