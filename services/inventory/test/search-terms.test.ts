import { expect } from 'chai';
import { MAX_TERM_LENGTH, prefixesOf, searchTermsOf } from '../src/data-access/search-terms.js';

describe('inventory: search terms (unit)', () => {
  it('indexes every suffix of at least three characters of every word, lowercased', () => {
    expect(searchTermsOf('Soaked OAK, e-reader').split(' ')).to.have.members([
      'soaked',
      'oaked',
      'aked',
      'ked',
      'oak',
      'reader',
      'eader',
      'ader',
      'der',
    ]);
  });

  it('cuts long suffixes to the indexed length', () => {
    const terms = searchTermsOf('donaudampfschifffahrt').split(' ');
    expect(terms[0]).to.equal('donaudampfschifffahrt'.slice(0, MAX_TERM_LENGTH));
    expect(terms.every((term) => term.length <= MAX_TERM_LENGTH)).to.equal(true);
  });

  it('looks up each long enough run of a query word, and leaves short runs and stopword starts to LIKE', () => {
    const limits = { minLength: 3, stopwords: ['about', 'the'] };
    expect(prefixesOf('e-reader', limits)).to.deep.equal(['reader']);
    expect(prefixesOf('100%', limits)).to.deep.equal(['100']);
    expect(prefixesOf('ab', limits)).to.deep.equal([]);
    expect(prefixesOf('abou', limits)).to.deep.equal([]);
    expect(prefixesOf('them', limits)).to.deep.equal(['them']);
    expect(prefixesOf('schifffahrtsgesellschaft', limits)).to.deep.equal([
      'schifffahrtsgesellschaft'.slice(0, MAX_TERM_LENGTH),
    ]);
    expect(prefixesOf('oak', { minLength: 4, stopwords: [] })).to.deep.equal([]);
  });
});
