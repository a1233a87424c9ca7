import { expect } from 'chai';
import { staleGeneratedTypes } from '../../scripts/generate-clients.js';

describe("the types generated from the specs (the aggregator's clients, every process's handlers)", function () {
  this.timeout(30_000);

  it('are what the specs generate (run `npm run generate:clients` after a spec change)', async () => {
    expect(await staleGeneratedTypes()).to.deep.equal([]);
  });
});
