import { expect } from 'chai';
import { modelFor, validateObject } from './object-schemas.js';
import { overlays, render } from './rendered-manifests.js';

describe('deploy: every overlay renders to objects valid against their schemas', () => {
  for (const overlay of overlays) {
    it(`renders overlay ${overlay} with kubectl kustomize, every object valid for its kind`, async () => {
      const objects = render(overlay);
      expect(objects.length).to.be.greaterThan(40);
      // ECK's kinds have no published schema here: test/logging/manifests.test.ts checks their structure.
      for (const object of objects.filter((o) => !o.apiVersion.split('/')[0].endsWith('.k8s.elastic.co')))
        await validateObject(object);
    });
  }

  it('refuses an object of a kind that has no schema', async () => {
    let failure: Error | undefined;
    await modelFor({ apiVersion: 'example.com/v1', kind: 'Widget' }).catch((err: Error) => (failure = err));
    expect(failure?.message).to.match(/no schema for kind Widget in example.com\/v1/);
    await modelFor({ apiVersion: 'apps/v1', kind: 'Widget' }).catch((err: Error) => (failure = err));
    expect(failure?.message).to.match(/no schema for kind Widget in apps\/v1/);
  });

  it('reports a schema violation with the object and the field', async () => {
    const broken = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'x' },
      spec: { http: [{ retries: { attempts: 'two' } }] },
    };
    let failure: Error | undefined;
    await validateObject(broken).catch((err: Error) => (failure = err));
    expect(failure?.message).to.match(/VirtualService\/x: .*retries\/attempts must be integer/);
  });
});
