import { expect } from 'chai';
import { staleClientTypes } from '../../scripts/generate-clients.js';

describe("the aggregator's typed service clients", function () {
  this.timeout(30_000);

  it('are what the service specs generate (run `npm run generate:clients` after a spec change)', async () => {
    expect(await staleClientTypes()).to.deep.equal([]);
  });
});
