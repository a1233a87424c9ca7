import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPECS = ['public', 'auth', 'inventory', 'orders', 'payments'].map((name) => `api-docs/${name}.yaml`).filter((file) => existsSync(path.join(ROOT, file)));

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** Rules redocly.yaml deliberately keeps as warnings (each with its reason written next to it). */
function rulesAllowedToWarn(): Set<string> {
  const config = parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8'));
  return new Set(Object.entries<string>(config.rules ?? {}).filter(([, severity]) => severity === 'warn').map(([rule]) => rule));
}

function lint(file: string): { errors: number; problems: LintProblem[] } {
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format=json'], { cwd: ROOT, encoding: 'utf8' });
  if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint printed no report:\n${run.stderr}`);
  const report = JSON.parse(run.stdout);
  return { errors: report.totals.errors, problems: report.problems };
}

const describeProblem = (p: LintProblem) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;

describe('OpenAPI documents pass the Redocly lint', function () {
  this.timeout(60_000);
  const allowedWarnings = rulesAllowedToWarn();

  for (const file of SPECS) {
    it(`${file} has no lint errors, and warns only where redocly.yaml says why`, () => {
      const { errors, problems } = lint(file);
      const unexplained = problems.filter((p) => p.severity === 'error' || !allowedWarnings.has(p.ruleId));
      expect(unexplained.map(describeProblem)).to.deep.equal([]);
      expect(errors).to.equal(0);
    });
  }
});
