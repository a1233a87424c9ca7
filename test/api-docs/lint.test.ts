import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Every OpenAPI document of the repository: the `apis` redocly.yaml lists, which must be all of api-docs/. */
const SPECS = Object.values<{ root: string }>(
  parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8')).apis,
).map((api) => api.root);

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** Rules redocly.yaml deliberately keeps as warnings (each with its reason written next to it). */
function rulesAllowedToWarn(): Set<string> {
  const config = parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8'));
  return new Set(
    Object.entries<string>(config.rules ?? {})
      .filter(([, severity]) => severity === 'warn')
      .map(([rule]) => rule),
  );
}

/** One run of `redocly lint` over every spec; its JSON format prints one report per file, in order. */
function lintAll(): Map<string, { errors: number; problems: LintProblem[] }> {
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/redocly'), ['lint', ...SPECS, '--format=json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const reports = run.stdout.trim().split(/(?<=\})(?=\{\s*"totals")/);
  if (reports.length !== SPECS.length)
    throw new Error(`redocly lint printed ${reports.length} reports for ${SPECS.length} files:\n${run.stderr}`);
  return new Map(
    reports.map((text, i) => {
      const report = JSON.parse(text);
      return [SPECS[i]!, { errors: report.totals.errors, problems: report.problems }];
    }),
  );
}

const describeProblem = (p: LintProblem) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;

describe('OpenAPI documents pass the Redocly lint', function () {
  this.timeout(60_000);

  it('lints every spec in api-docs/ (redocly.yaml lists each one)', () => {
    const files = readdirSync(path.join(ROOT, 'api-docs'))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => `api-docs/${file}`);
    expect([...SPECS].sort()).to.deep.equal(files.sort());
  });
  const allowedWarnings = rulesAllowedToWarn();
  let reports: ReturnType<typeof lintAll>;

  before(() => {
    reports = lintAll();
  });

  for (const file of SPECS) {
    it(`${file} has no lint errors, and warns only where redocly.yaml says why`, () => {
      const { errors, problems } = reports.get(file)!;
      const unexplained = problems.filter((p) => p.severity === 'error' || !allowedWarnings.has(p.ruleId));
      expect(unexplained.map(describeProblem)).to.deep.equal([]);
      expect(errors).to.equal(0);
    });
  }
});
