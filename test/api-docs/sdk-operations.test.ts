import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Agora, OPERATIONS } from '@agora/sdk';
import { loadSpec } from '@agora/koa-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every operation of public.yaml: operationId → "METHOD path". */
function specOperations(): Map<string, string> {
  const spec = loadSpec(path.join(ROOT, 'api-docs/public.yaml'));
  const operations = new Map<string, string>();
  for (const [route, item] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item))
      if (operation?.operationId) operations.set(operation.operationId, `${method.toUpperCase()} ${route}`);
  }
  return operations;
}

describe("the SDK's resource methods against public.yaml", () => {
  const spec = specOperations();

  it('call each operation with the method and path public.yaml gives it', () => {
    const differing = Object.entries(OPERATIONS).filter(([id, op]) => spec.get(id) !== `${op.method} ${op.path}`);
    expect(differing.map(([id, op]) => `${id}: SDK ${op.method} ${op.path}, spec ${spec.get(id)}`)).to.deep.equal([]);
  });

  it('cover every /api/v1 operation', () => {
    const uncovered = [...spec].filter(([id, route]) => route.includes(' /api/v1/') && !(id in OPERATIONS));
    expect(uncovered.map(([id]) => id)).to.deep.equal([]);
  });

  it('are methods of a client under the names the table gives (the portal prints them)', () => {
    const agora = new Agora({ baseUrl: 'http://127.0.0.1:1' });
    const resolve = (name: string) => name.split('.').reduce<any>((target, key) => target?.[key], agora);
    const missing = Object.values(OPERATIONS).filter((op) => typeof resolve(op.sdk) !== 'function');
    expect(missing.map((op) => op.sdk)).to.deep.equal([]);
    expect(new Set(Object.values(OPERATIONS).map((op) => op.sdk)).size).to.equal(Object.keys(OPERATIONS).length);
  });
});
