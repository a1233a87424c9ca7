import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { expected4xx, loadDocument, missingBounds, operationsOf, unboundedFields } from './spec-bounds.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPECS = Object.values<{ root: string }>(
  parseYaml(readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8')).apis,
).map((api) => api.root);
/** Answered before the rate limiter (and by load balancers' probes): never 429. */
const NOT_RATE_LIMITED = new Set(['/healthz', '/readyz', '/openapi.json']);

describe('every field of every spec is bounded, every operation documents its 4xx (API4)', () => {
  it('finds an unbounded string, integer and array (the check itself works)', () => {
    expect(missingBounds({ type: 'string' })).to.have.length(1);
    expect(missingBounds({ type: ['string', 'null'], maxLength: 10 })).to.deep.equal([]);
    expect(missingBounds({ type: 'string', enum: ['a'] })).to.deep.equal([]);
    expect(missingBounds({ type: 'string', format: 'date-time' })).to.deep.equal([]);
    expect(missingBounds({ type: 'integer', minimum: 0 })).to.deep.equal(['maximum']);
    expect(missingBounds({ type: 'array', items: {} })).to.deep.equal(['maxItems']);
    expect(
      unboundedFields({ components: { schemas: { A: { type: 'object', properties: { s: { type: 'string' } } } } } }),
    ).to.deep.equal(['#/components/schemas/A/properties/s: maxLength (or an enum or bounded format)']);
  });

  for (const spec of SPECS) {
    const document = loadDocument(path.join(ROOT, spec));
    const isPublic = spec.endsWith('public.yaml');

    it(`${spec}: bounds every string (maxLength, enum or format), integer (minimum and maximum) and array (maxItems)`, () => {
      expect(unboundedFields(document)).to.deep.equal([]);
    });

    it(`${spec}: documents 400 for inputs, 413/415 for bodies, 401 behind a token${isPublic ? ' and 429 on every rate-limited route' : ''}`, () => {
      const missing = operationsOf(document).flatMap((operation) =>
        expected4xx(document, operation, { rateLimited: isPublic && !NOT_RATE_LIMITED.has(operation.path) })
          .filter((status) => !operation.node.responses?.[status])
          .map((status) => `${operation.method.toUpperCase()} ${operation.path}: ${status}`),
      );
      expect(missing).to.deep.equal([]);
    });
  }
});
