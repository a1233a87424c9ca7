import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IGNORE_FILE = path.join(ROOT, '.prettierignore');
/** What `npm run format:check` checks: the code. Specs, manifests and docs have checks of their own. */
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

/** The formatter of docs/contributing.md (.prettierrc.json), as part of the suite. */
describe('formatting: every source file is as prettier writes it', function () {
  this.timeout(120_000);

  it('finds no file that `npm run format` would change', async () => {
    const unformatted: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(ROOT)) {
      if ((await prettier.getFileInfo(file, { ignorePath: IGNORE_FILE })).ignored) continue;
      checked++;
      const options = await prettier.resolveConfig(file);
      if (!(await prettier.check(readFileSync(file, 'utf8'), { ...options, filepath: file })))
        unformatted.push(path.relative(ROOT, file));
    }
    expect(checked, 'source files checked').to.be.greaterThan(300);
    expect(unformatted).to.deep.equal([]);
  });
});
