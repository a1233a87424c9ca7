import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from '@agora/db';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test.js';

describe("inventory: confirming a reservation takes the order out of the buyer's cart (POST /internal/reservations/{orderId}/confirm with { buyerId })", function () {
  this.timeout(60_000);
  let inventory: InventoryUnderTest;
  let mug: string, plate: string, cup: string;
  before(async () => {
    inventory = await startInventory();
    const seller = inventory.as('confirm-seller', 'seller');
    const create = async (title: string) =>
      ((await seller.post('seller/products', { json: { title, price: 500, stock: 1000 } })) as any).body.id as string;
    [mug, plate, cup] = [await create('Mug'), await create('Plate'), await create('Cup')];
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const reserve = async (orderId: string, items: Array<[string, number]>) => {
    const json = { items: items.map(([productId, quantity]) => ({ productId, quantity })) };
    expect(((await inventory.anonymous.put(`internal/reservations/${orderId}`, { json })) as any).statusCode).to.equal(
      200,
    );
  };
  const confirm = (orderId: string, buyerId?: string) => {
    const url = `internal/reservations/${orderId}/confirm`;
    return (
      buyerId === undefined ? inventory.anonymous.post(url) : inventory.anonymous.post(url, { json: { buyerId } })
    ) as Promise<any>;
  };
  const statusOf = async (orderId: string) =>
    ((await inventory.anonymous.get(`internal/reservations/${orderId}`)) as any).body.status as string;
  const fill = async (buyerId: string, lines: Array<[string, number]>) => {
    for (const [productId, quantity] of lines)
      expect((await inventory.as(buyerId).put(`cart/items/${productId}`, { json: { quantity } })).statusCode).to.equal(
        200,
      );
  };
  const cartLines = async (buyerId: string) =>
    ((await inventory.as(buyerId).get('cart')) as any).body.items.map((item: any) => [item.productId, item.quantity]);
  const purchasesOf = async (orderId: string) =>
    (
      await inventory.db.query<{ buyer_id: string }>('SELECT buyer_id FROM cart_purchases WHERE order_id = ?', {
        replacements: [orderId],
        type: QueryTypes.SELECT,
      })
    ).map((row) => row.buyer_id);

  it("confirms and takes the reservation's lines out of the cart, keeping the rest", async () => {
    const [buyer, orderId] = [randomUUID(), randomUUID()];
    await fill(buyer, [
      [mug, 3],
      [plate, 2],
      [cup, 1],
    ]);
    await reserve(orderId, [
      [mug, 2],
      [plate, 2],
    ]);
    const stock = await stockOf(inventory.db, mug);
    const res = await confirm(orderId, buyer);
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ orderId, status: 'confirmed', cartUpdated: true });
    expect(await statusOf(orderId)).to.equal('confirmed');
    expect(await cartLines(buyer)).to.deep.equal([
      [mug, 1],
      [cup, 1],
    ]);
    expect(await stockOf(inventory.db, mug), 'the stock stays taken').to.equal(stock);
    expect(await purchasesOf(orderId)).to.deep.equal([buyer]);
  });

  it('does it once: a repeat answers 200, subtracts nothing more and keeps what the buyer added since', async () => {
    const [buyer, orderId] = [randomUUID(), randomUUID()];
    await fill(buyer, [[mug, 2]]);
    await reserve(orderId, [[mug, 2]]);
    expect((await confirm(orderId, buyer)).statusCode).to.equal(200);
    expect(await cartLines(buyer)).to.deep.equal([]);
    await fill(buyer, [
      [mug, 2],
      [cup, 1],
    ]);
    const stock = await stockOf(inventory.db, mug);
    const repeat = await confirm(orderId, buyer);
    expect([repeat.statusCode, repeat.body.status, repeat.body.cartUpdated]).to.deep.equal([200, 'confirmed', true]);
    expect(await cartLines(buyer)).to.deep.equal([
      [mug, 2],
      [cup, 1],
    ]);
    expect(await stockOf(inventory.db, mug)).to.equal(stock);
    expect(await purchasesOf(orderId)).to.deep.equal([buyer]);
  });

  it('does it once when the same call arrives several times at once', async () => {
    const [buyer, orderId] = [randomUUID(), randomUUID()];
    await fill(buyer, [[mug, 10]]);
    await reserve(orderId, [[mug, 3]]);
    const results = await Promise.all(Array.from({ length: 5 }, () => confirm(orderId, buyer)));
    expect(results.map((r) => r.statusCode)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 7]]);
  });

  it('takes the order out of the cart once after a confirm without a buyer, and never after the cart-purchase call', async () => {
    const buyer = randomUUID();
    const [confirmedAlone, clearedAlone] = [randomUUID(), randomUUID()];
    await fill(buyer, [[mug, 5]]);
    await reserve(confirmedAlone, [[mug, 1]]);
    await reserve(clearedAlone, [[mug, 2]]);
    // An earlier version's saga: the reservation confirmed on its own, the cart left for a call of its own.
    const alone = await confirm(confirmedAlone);
    expect(alone.statusCode, JSON.stringify(alone.body)).to.equal(200);
    expect(alone.body, 'no buyer named, no cart touched').to.not.have.property('cartUpdated');
    expect(await cartLines(buyer)).to.deep.equal([[mug, 5]]);
    expect((await confirm(confirmedAlone, buyer)).statusCode).to.equal(200);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 4]]);
    const cleared = await inventory.anonymous.put(`internal/carts/${buyer}/purchases/${clearedAlone}`, {
      json: { items: [{ productId: mug, quantity: 2 }] },
    });
    expect(cleared.statusCode).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
    expect((await confirm(clearedAlone, buyer)).statusCode).to.equal(200);
    expect(await statusOf(clearedAlone)).to.equal('confirmed');
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
  });

  it('404s an unknown reservation and 409s a released one, leaving the cart as it was', async () => {
    const buyer = randomUUID();
    await fill(buyer, [[mug, 2]]);
    const unknown = randomUUID();
    const unknownRes = await confirm(unknown, buyer);
    expect([unknownRes.statusCode, unknownRes.body.code]).to.deep.equal([404, 'not_found']);
    const released = randomUUID();
    await reserve(released, [[mug, 2]]);
    expect(((await inventory.anonymous.post(`internal/reservations/${released}/release`)) as any).statusCode).to.equal(
      200,
    );
    const releasedRes = await confirm(released, buyer);
    expect([releasedRes.statusCode, releasedRes.body.code]).to.deep.equal([409, 'invalid_state']);
    expect(await statusOf(released)).to.equal('released');
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
    expect([...(await purchasesOf(unknown)), ...(await purchasesOf(released))]).to.deep.equal([]);
  });

  it("refuses an order already taken out of another buyer's cart, confirming nothing", async () => {
    const [buyer, other, orderId] = [randomUUID(), randomUUID(), randomUUID()];
    await fill(other, [[mug, 2]]);
    await reserve(orderId, [[mug, 1]]);
    expect(
      (
        await inventory.anonymous.put(`internal/carts/${buyer}/purchases/${orderId}`, {
          json: { items: [{ productId: mug, quantity: 1 }] },
        })
      ).statusCode,
    ).to.equal(204);
    const res = await confirm(orderId, other);
    expect([res.statusCode, res.body.code]).to.deep.equal([409, 'conflict']);
    expect(await statusOf(orderId), 'one transaction: the confirm is rolled back').to.equal('reserved');
    expect(await cartLines(other)).to.deep.equal([[mug, 2]]);
  });

  it('confirms for an erased buyer and records nothing about them', async () => {
    const [buyer, orderId] = [randomUUID(), randomUUID()];
    await reserve(orderId, [[mug, 1]]);
    expect((await inventory.anonymous.post(`internal/erasures/${buyer}`)).statusCode).to.equal(200);
    expect((await confirm(orderId, buyer)).statusCode).to.equal(200);
    expect(await statusOf(orderId)).to.equal('confirmed');
    expect(await purchasesOf(orderId)).to.deep.equal([]);
  });

  it('400s an empty or too long buyer id or an unknown property, and changes nothing', async () => {
    const [buyer, orderId] = [randomUUID(), randomUUID()];
    await fill(buyer, [[mug, 2]]);
    await reserve(orderId, [[mug, 1]]);
    for (const json of [{ buyerId: '' }, { buyerId: 'b'.repeat(65) }, { buyerId: buyer, items: [] }, {}]) {
      const res: any = await inventory.anonymous.post(`internal/reservations/${orderId}/confirm`, { json });
      expect([res.statusCode, res.body.code], JSON.stringify(json)).to.deep.equal([400, 'validation_failed']);
    }
    expect(await statusOf(orderId)).to.equal('reserved');
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
  });
});
