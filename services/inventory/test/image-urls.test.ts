import net from 'node:net';
import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: image URLs are stored, never fetched (API7 SSRF)', () => {
  let inventory: InventoryUnderTest;
  let target: net.Server;
  let connections = 0;
  before(async () => {
    inventory = await startInventory();
    // An "internal" host an attacker would like the service to call.
    target = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => target.close(() => resolve()));
    await inventory.stop();
    await dropTestDatabases();
  });

  it('keeps an image URL pointing inside the network as text and never connects to it', async () => {
    const port = (target.address() as net.AddressInfo).port;
    const images = [`https://127.0.0.1:${port}/latest/meta-data`, `https://localhost:${port}/admin.png`];
    const created = await inventory
      .as('seller-ssrf', 'seller')
      .post<any>('seller/products', { json: { title: 'Lamp', price: 100, stock: 1, images } });
    expect(created.statusCode).to.equal(201);
    const read = await inventory.as('buyer-ssrf', 'buyer').get<any>(`products/${created.body.id}`);
    expect(read.body.images).to.deep.equal(images);
    expect(connections).to.equal(0);
  });

  it('refuses any scheme but https (no file:, gopher:, http: to internal hosts)', async () => {
    for (const image of [
      'file:///etc/passwd',
      'gopher://127.0.0.1:6379/_FLUSHALL',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const res = await inventory
        .as('seller-ssrf', 'seller')
        .post<any>('seller/products', { json: { title: 'Lamp', price: 100, stock: 1, images: [image] } });
      expect(res.statusCode, image).to.equal(400);
    }
  });
});
