// `npm run test:unit`: the suite without the tests that start a process (startProcess, startSystem,
// child_process, a browser), directly or through a helper they import. What is left runs in
// process: pure logic, and components started in-process on port 0 against SQLite.
// The split is computed, so a new test file lands on the right side by itself.
const fs = require('node:fs');
const path = require('node:path');
const suite = require('./.mocharc.cjs');

const STARTS_A_PROCESS = /\b(startProcess|startSystem|child_process|playwright-core)\b/;
const TEST_DIRS = ['libs', 'services', 'aggregator', 'test'];

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'src' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') && full.split(path.sep).includes('test') ? [full] : [];
  });
}

/** Whether the file, or a local module it imports (transitively), starts a process. */
function startsAProcess(file, seen = new Set()) {
  if (seen.has(file) || !fs.existsSync(file)) return false;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  if (STARTS_A_PROCESS.test(text)) return true;
  for (const [, relative] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    if (startsAProcess(path.resolve(path.dirname(file), relative.replace(/\.js$/, '.ts')), seen)) return true;
  }
  return false;
}

const named = process.argv.slice(2).some((arg) => !arg.startsWith('-') && /\.test\.ts$|\*/.test(arg));

module.exports = {
  ...suite,
  spec: named
    ? []
    : TEST_DIRS.flatMap(testFiles)
        .filter((file) => !startsAProcess(path.resolve(file)))
        .sort(),
};
