import { expect } from 'chai';
import { QueryTypes, type Database } from '@agora/db';
import { dropTestDatabases } from '@agora/test-kit';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

/** `?q=` as it was answered before the full-text index: every word a LIKE substring of the lowercased text. */
async function likeOracle(db: Database, q: string): Promise<string[]> {
  const words = [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))];
  const conditions = words.map(() => "search_text LIKE ? ESCAPE '!'");
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM products WHERE ${["status = 'active'", ...conditions].join(' AND ')}`,
    {
      replacements: words.map((word) => `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`),
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((row) => row.id).sort();
}

/** How many products the full-text index itself finds for a word prefix (not the LIKE check). */
async function indexed(db: Database, prefix: string): Promise<number> {
  const sql =
    db.getDialect() === 'mysql'
      ? 'SELECT COUNT(*) AS n FROM product_search WHERE MATCH (terms) AGAINST (? IN BOOLEAN MODE)'
      : 'SELECT COUNT(*) AS n FROM product_search WHERE product_search MATCH ?';
  const [row] = await db.query<{ n: number }>(sql, {
    replacements: [db.getDialect() === 'mysql' ? `+${prefix}*` : `"${prefix}"*`],
    type: QueryTypes.SELECT,
  });
  return Number(row.n);
}

describe('inventory: q= through the full-text index keeps the LIKE results', () => {
  let inventory: InventoryUnderTest;
  const ids: Record<string, string> = {};
  const listings: Record<string, { title: string; description?: string }> = {
    soaked: { title: 'Soaked oak board', description: 'Cutting board, oiled' },
    reader: { title: 'E-Reader sleeve', description: 'Fits every e-reader up to 7"' },
    cafe: { title: 'Café crème cups', description: 'Set of two — CRÈME white' },
    wool: { title: '100% wool blanket', description: 'Merino; 200x150 cm' },
    stop: { title: 'About the bathtub', description: 'Which is where the tub is' },
    xray: { title: 'X-ray poster', description: 'ab ovo' },
    long: { title: 'Donaudampfschifffahrtsgesellschaftskapitänsmütze', description: 'a hat' },
    apfel: { title: 'ÄPFEL crate', description: 'für Äpfel und Birnen' },
    spaces: { title: 'Multi   space\ttitle', description: 'under_score and dot.ted' },
  };
  before(async () => {
    inventory = await startInventory();
    for (const [key, body] of Object.entries(listings)) {
      const res: any = await inventory
        .as('seller-q', 'seller')
        .post('seller/products', { json: { ...body, price: 100, stock: 1 } });
      ids[key] = res.body.id;
    }
    // Through the bulk path: words common enough ("from", "ships") that the index is not worth asking, rarer ones that it is.
    await seedCatalog(inventory.db, { sellerIds: ['seller-bulk'], products: 2_500, seed: 5 });
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  /** Every product q finds, page after page. */
  const search = async (q: string, sellerId?: string) => {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await inventory.anonymous.get('products', {
        searchParams: { q, limit: 100, ...(sellerId ? { sellerId } : {}), ...(cursor ? { cursor } : {}) },
      });
      expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
      found.push(...res.body.items.map((p: any) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return found.sort();
  };
  const named = (...keys: string[]) => keys.map((key) => ids[key]).sort();

  const queries = [
    'oak',
    'OAK',
    'soak',
    'oa',
    'o',
    'board oak',
    'oak board x',
    'e-reader',
    'E-READER',
    'reader',
    '-',
    'e-r',
    'r sl',
    '7"',
    'café',
    'CRÈME',
    'crème cups',
    '100%',
    '%',
    '_',
    '100 wool',
    'merino;',
    'x150',
    'the',
    'abou',
    'about',
    'bath',
    'tub',
    'which where',
    'x-ray',
    'ray',
    'ab',
    'ab ovo',
    'schifffahrtsgesellschaft',
    'kapitänsmütze',
    'donaudampfschifffahrtsgesellschaftskapitän',
    'äpfel',
    'ÄPFEL birnen',
    'für',
    'multi space',
    'under_score',
    'dot.ted',
    'ted',
    'nothing-here',
    'oak e-reader',
    'from',
    'ships in',
    'range oak',
    'ceramic teapot',
    'handmade',
    'linen napkins',
    'vintage steel',
    'wool scarf',
    'USB-C',
    'cast iron',
    'e-r',
  ];

  it('answers every query with the products the LIKE search found', async () => {
    for (const q of queries) expect(await search(q), q).to.deep.equal(await likeOracle(inventory.db, q));
  });

  it('finds a word inside a longer word, whatever its case', async () => {
    expect(await search('OAK', 'seller-q')).to.deep.equal(named('soaked'));
    expect(await search('tub', 'seller-q')).to.deep.equal(named('stop'));
    expect(await search('kapitän', 'seller-q')).to.deep.equal(named('long'));
  });

  it('matches words shorter than the index keeps, stopwords and punctuation by LIKE alone', async () => {
    expect(await search('ab', 'seller-q')).to.deep.equal(named('stop', 'xray'));
    expect(await search('the', 'seller-q')).to.deep.equal(named('stop'));
    expect(await search('abou', 'seller-q')).to.deep.equal(named('stop'));
    expect(await search('e-r', 'seller-q')).to.deep.equal(named('reader'));
    expect(await search('%', 'seller-q')).to.deep.equal(named('wool'));
  });

  it('indexes a new listing and re-indexes an edited title in the same write', async () => {
    const created: any = await inventory
      .as('seller-q2', 'seller')
      .post('seller/products', { json: { title: 'Walnut bowl', price: 100, stock: 1 } });
    expect(await indexed(inventory.db, 'walnut')).to.equal(1);
    expect(await indexed(inventory.db, 'alnut')).to.equal(1);
    await inventory
      .as('seller-q2', 'seller')
      .patch(`seller/products/${created.body.id}`, { json: { title: 'Cherry bowl' } });
    expect(await indexed(inventory.db, 'walnut')).to.equal(0);
    expect(await indexed(inventory.db, 'cherry')).to.equal(1);
    expect(await search('cherry bowl')).to.deep.equal([created.body.id]);
    expect(await search('walnut')).to.deep.equal([]);
  });

  it('leaves archived listings out of q= results', async () => {
    const created: any = await inventory
      .as('seller-q3', 'seller')
      .post('seller/products', { json: { title: 'Zebrawood stool', price: 100, stock: 1 } });
    expect(await search('zebrawood')).to.deep.equal([created.body.id]);
    await inventory.as('seller-q3', 'seller').delete(`seller/products/${created.body.id}`);
    expect(await search('zebrawood')).to.deep.equal([]);
  });
});
