import { expect } from 'chai';
import { schemaIsCurrent } from '../../sdk/scripts/generate.js';

describe('the SDK schema', function () {
  this.timeout(30_000);

  it('is what api-docs/public.yaml generates (run `npm run generate:sdk` after a spec change)', async () => {
    expect(await schemaIsCurrent()).to.equal(true);
  });
});
