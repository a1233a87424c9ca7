import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: cart', () => {
  let inventory: InventoryUnderTest;
  let mug: any, plate: any, dollarCup: any, archived: any;
  before(async () => {
    inventory = await startInventory();
    const seller = inventory.as('cart-seller', 'seller');
    const create = async (body: object) => ((await seller.post('seller/products', { json: body })) as any).body;
    mug = await create({ title: 'Mug', price: 1200, stock: 5 });
    plate = await create({ title: 'Plate', price: 800, stock: 2 });
    dollarCup = await create({ title: 'Cup', price: 300, stock: 9, currency: 'USD' });
    archived = await create({ title: 'Old bowl', price: 100, stock: 9 });
    await seller.delete(`seller/products/${archived.id}`);
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  it('starts empty with subtotal 0 and no currency', async () => {
    const res: any = await inventory.as('shopper-empty').get('cart');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ items: [], subtotal: 0, currency: null });
  });

  it('needs a caller', async () => {
    expect((await inventory.anonymous.get('cart')).statusCode).to.equal(401);
    expect((await inventory.anonymous.put(`cart/items/${mug.id}`, { json: { quantity: 1 } })).statusCode).to.equal(401);
  });

  it('sets quantities, totals at current prices, and removes at 0', async () => {
    const shopper = inventory.as('shopper-1');
    let res: any = await shopper.put(`cart/items/${mug.id}`, { json: { quantity: 2 } });
    expect(res.statusCode).to.equal(200);
    res = await shopper.put(`cart/items/${plate.id}`, { json: { quantity: 2 } });
    expect(res.body.subtotal).to.equal(2 * 1200 + 2 * 800);
    expect(res.body.currency).to.equal('EUR');
    expect(res.body.items.map((i: any) => [i.productId, i.quantity])).to.deep.equal([
      [mug.id, 2],
      [plate.id, 2],
    ]);
    expect(res.body.items[0].product).to.include({ id: mug.id, price: 1200, stock: 5 });
    res = await shopper.put(`cart/items/${mug.id}`, { json: { quantity: 3 } });
    expect(res.body.items.map((i: any) => [i.productId, i.quantity])).to.deep.equal([
      [mug.id, 3],
      [plate.id, 2],
    ]);
    res = await shopper.put(`cart/items/${mug.id}`, { json: { quantity: 0 } });
    expect(res.body.items.map((i: any) => i.productId)).to.deep.equal([plate.id]);
    expect(res.body.subtotal).to.equal(1600);
  });

  it('shows the current price when the seller changes it', async () => {
    const shopper = inventory.as('shopper-price');
    await shopper.put(`cart/items/${mug.id}`, { json: { quantity: 1 } });
    await inventory.as('cart-seller', 'seller').patch(`seller/products/${mug.id}`, { json: { price: 1500 } });
    const res: any = await shopper.get('cart');
    expect(res.body.subtotal).to.equal(1500);
    expect(res.body.items[0].product.price).to.equal(1500);
  });

  it('refuses more than the stock with insufficient_stock', async () => {
    const res: any = await inventory.as('shopper-2').put(`cart/items/${plate.id}`, { json: { quantity: 3 } });
    expect(res.statusCode).to.equal(409);
    expect(res.body.code).to.equal('insufficient_stock');
  });

  it("refuses a product in another currency than the cart's with mixed_currency", async () => {
    const shopper = inventory.as('shopper-3');
    await shopper.put(`cart/items/${plate.id}`, { json: { quantity: 1 } });
    const res: any = await shopper.put(`cart/items/${dollarCup.id}`, { json: { quantity: 1 } });
    expect(res.statusCode).to.equal(409);
    expect(res.body.code).to.equal('mixed_currency');
    await shopper.delete(`cart/items/${plate.id}`);
    const dollars: any = await shopper.put(`cart/items/${dollarCup.id}`, { json: { quantity: 1 } });
    expect(dollars.statusCode).to.equal(200);
    expect(dollars.body.currency).to.equal('USD');
  });

  it('404s unknown and archived products', async () => {
    const shopper = inventory.as('shopper-4');
    expect((await shopper.put('cart/items/no-such-product', { json: { quantity: 1 } })).statusCode).to.equal(404);
    expect((await shopper.put(`cart/items/${archived.id}`, { json: { quantity: 1 } })).statusCode).to.equal(404);
  });

  it('validates the quantity', async () => {
    const shopper = inventory.as('shopper-5');
    for (const json of [{ quantity: -1 }, { quantity: 1.5 }, {}, { quantity: 1, note: 'x' }]) {
      expect((await shopper.put(`cart/items/${mug.id}`, { json })).statusCode, JSON.stringify(json)).to.equal(400);
    }
  });

  it("keeps each user's cart separate; any role may shop; DELETE /cart empties it", async () => {
    const seller = inventory.as('other-seller', 'seller');
    await seller.put(`cart/items/${mug.id}`, { json: { quantity: 1 } });
    expect(((await inventory.as('shopper-6').get('cart')).body as any).items).to.deep.equal([]);
    expect((await seller.delete('cart')).statusCode).to.equal(204);
    expect((await seller.get('cart')).body).to.deep.equal({ items: [], subtotal: 0, currency: null });
  });

  it('removes a line with DELETE and answers the cart', async () => {
    const shopper = inventory.as('shopper-7');
    await shopper.put(`cart/items/${mug.id}`, { json: { quantity: 1 } });
    const res: any = await shopper.delete(`cart/items/${mug.id}`);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ items: [], subtotal: 0, currency: null });
  });

  it('adds the same new line from concurrent requests (a retry reaching the other replica) once, answering 200 to each', async () => {
    const shopper = inventory.as('shopper-racing');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => shopper.put(`cart/items/${mug.id}`, { json: { quantity: 2 } })),
    );
    expect(answers.map((res) => res.statusCode)).to.deep.equal(Array(8).fill(200));
    const cart: any = (await shopper.get('cart')).body;
    expect(cart.items.map((i: any) => [i.productId, i.quantity])).to.deep.equal([[mug.id, 2]]);
  });
});
