import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

type Sort = 'newest' | 'price_asc' | 'price_desc';

/** True when `a` comes strictly before `b` in the sort's order (ties by id). */
function precedes(sort: Sort, a: any, b: any): boolean {
  const [ka, kb] =
    sort === 'newest'
      ? [Date.parse(b.createdAt), Date.parse(a.createdAt)]
      : sort === 'price_asc'
        ? [a.price, b.price]
        : [b.price, a.price];
  if (ka !== kb) return ka < kb;
  return sort === 'price_asc' ? a.id < b.id : a.id > b.id;
}

describe('inventory: catalog pagination under concurrent inserts', function () {
  this.timeout(120_000);
  let inventory: InventoryUnderTest;
  before(async () => {
    inventory = await startInventory();
    await seedCatalog(inventory.db, { sellerIds: ['seller-1', 'seller-2', 'seller-3'], products: 2000, seed: 11 });
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  async function activeIds(): Promise<Set<string>> {
    const [rows] = await inventory.db.query("SELECT id FROM products WHERE status = 'active'");
    return new Set((rows as Array<{ id: string }>).map((r) => r.id));
  }

  for (const sort of ['newest', 'price_asc', 'price_desc'] as Sort[]) {
    it(`walks every product exactly once in ${sort} order while new products arrive`, async () => {
      const existing = await activeIds();
      const seller = inventory.as('seller-busy', 'seller');
      let walking = true;
      let inserted = 0;
      const inserter = (async () => {
        while (walking) {
          const res = await seller.post('seller/products', {
            json: { title: `Late arrival ${inserted}`, price: (inserted * 7919) % 60_000, stock: 1 },
          });
          expect(res.statusCode).to.equal(201);
          inserted++;
        }
      })();
      const seen: any[] = [];
      let cursor: string | null = null;
      try {
        do {
          const res: any = await inventory.anonymous.get('products', {
            searchParams: { sort, limit: 50, ...(cursor ? { cursor } : {}) },
          });
          expect(res.statusCode).to.equal(200);
          seen.push(...res.body.items);
          cursor = res.body.nextCursor;
        } while (cursor);
      } finally {
        walking = false;
        await inserter;
      }
      const ids = seen.map((p) => p.id);
      expect(new Set(ids).size, 'no duplicates').to.equal(ids.length);
      const missing = [...existing].filter((id) => !ids.includes(id));
      expect(missing, 'no gaps').to.deep.equal([]);
      for (let i = 1; i < seen.length; i++)
        expect(precedes(sort, seen[i - 1], seen[i]), `order at ${i}`).to.equal(true);
      expect(inserted).to.be.greaterThan(0);
    });
  }
});
