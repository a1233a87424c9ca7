import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What `npm run lint:layers` cruises. */
const SOURCES = ['libs/*/src', 'services/*/src', 'aggregator/src', 'sdk/src'];

/** The layer rules of docs/contributing.md (.dependency-cruiser.cjs), as part of the suite. */
describe('layers: the dependency rules hold with no exception', function () {
  this.timeout(60_000);
  let result: ICruiseResult;
  before(async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
      const reported = await cruise(SOURCES, { ...options, validate: true, outputType: 'json' }, undefined, {
        tsConfig: extractTSConfig(path.join(ROOT, 'tsconfig.json')),
      });
      result = (typeof reported.output === 'string' ? JSON.parse(reported.output) : reported.output) as ICruiseResult;
    } finally {
      process.chdir(cwd);
    }
  });

  it('cruises every workspace source', () => {
    const sources = result.modules.map((m) => m.source);
    for (const dir of [
      'services/auth/src/domain/',
      'services/payments/src/api/',
      'aggregator/src/domain/',
      'libs/paging/src/',
    ]) {
      expect(
        sources.some((source) => source.startsWith(dir)),
        dir,
      ).to.be.true;
    }
  });

  it('finds no violation: domain without infrastructure, api through domain, no cycles, no service imports another, a kit that knows no service', () => {
    const violations = result.summary.violations.map(
      (v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
    );
    expect(violations).to.deep.equal([]);
  });
});
