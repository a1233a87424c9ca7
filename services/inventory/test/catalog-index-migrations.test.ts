import { expect } from 'chai';
import { openDatabase, runMigrations } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl } from '@agora/test-kit';
import { migrations } from '../src/data-access/migrations/index.js';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: migrations 006 and 007 build the counts and the search index from existing products', () => {
  let inventory: InventoryUnderTest;
  before(async () => {
    const url = await testDatabaseUrl('inventory');
    const db = await openDatabase({ url, dataDir: '.', service: 'inventory' });
    await runMigrations(
      db,
      migrations.filter((m) => m.name < '005'),
    );
    const rows = [
      ['p1', 'Oak shelf', 'Solid oak', 'Furniture', 'active'],
      ['p2', 'Birch shelf', 'Light wood', 'Furniture', 'active'],
      ['p3', 'Oak stool', 'Seat', 'Furniture', 'archived'],
      ['p4', 'Linen napkins', 'Set of six', 'Kitchen', 'active'],
      ['p5', 'Gift card', 'Any amount', null, 'active'],
    ];
    for (const [id, title, description, category, status] of rows) {
      await db.query(
        "INSERT INTO products (id, seller_id, title, description, search_text, price, currency, stock, category, images, status, created_at, updated_at) VALUES (?, 'seller-m', ?, ?, ?, 100, 'EUR', 1, ?, '[]', ?, ?, ?)",
        {
          replacements: [
            id,
            title,
            description,
            `${title}\n${description}`.toLowerCase(),
            category,
            status,
            '2026-11-01 10:00:00.000',
            '2026-11-01 10:00:00.000',
          ],
        },
      );
    }
    await db.close();
    inventory = await startInventory({ DATABASE_URL: url });
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  it('counts the active products per category that were there before', async () => {
    const res: any = await inventory.anonymous.get('categories');
    expect(res.body.items).to.deep.equal([
      { name: 'Furniture', count: 2 },
      { name: 'Kitchen', count: 1 },
    ]);
  });

  it('finds the products that were there before by q=', async () => {
    const ids = async (q: string) =>
      ((await inventory.anonymous.get('products', { searchParams: { q } })).body as any).items
        .map((p: any) => p.id)
        .sort();
    expect(await ids('oak')).to.deep.equal(['p1']);
    expect(await ids('shelf')).to.deep.equal(['p1', 'p2']);
    expect(await ids('apkin')).to.deep.equal(['p4']);
    expect(await ids('amount')).to.deep.equal(['p5']);
  });
});
