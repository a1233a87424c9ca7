import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createServiceClient } from '@agora/http-client';
import { checkoutServices } from '../src/data-access/checkout-services.js';

interface Received {
  method: string;
  url: string;
  body: unknown;
}

/**
 * An inventory as a plain HTTP server: it answers the confirm as an inventory of either
 * version does, with `cartUpdated` (this version) or without it (an older one, which ignored
 * the buyer), and records what the aggregator sent.
 */
async function inventoryStandIn(version: 'current' | 'older') {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: text ? JSON.parse(text) : undefined });
      if (req.method === 'PUT') {
        res.writeHead(204).end();
        return;
      }
      const orderId = req.url!.split('/')[3];
      const reservation = {
        orderId,
        status: 'confirmed',
        items: [{ productId: 'p-1', quantity: 2 }],
        expiresAt: new Date().toISOString(),
        ...(version === 'current' ? { cartUpdated: true } : {}),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reservation));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function servicesOver(inventoryUrl: string) {
  const client = (service: string, baseUrl: string) => createServiceClient({ service, baseUrl, timeoutMs: 2_000 });
  // Orders and payments are not called by confirmPurchase; nothing listens there.
  return checkoutServices({
    auth: client('auth', 'http://127.0.0.1:9'),
    inventory: client('inventory', inventoryUrl),
    orders: client('orders', 'http://127.0.0.1:9'),
    payments: client('payments', 'http://127.0.0.1:9'),
  });
}

describe("checkout's last inventory call across a rollout (aggregator and inventory deployed in either order)", () => {
  const buyer = { id: 'buyer-1', role: 'buyer' as const };

  it('sends one call to an inventory that confirms and takes the lines out of the cart together', async () => {
    const inventory = await inventoryStandIn('current');
    try {
      await servicesOver(inventory.url).confirmPurchase(buyer, 'order-1');
      expect(inventory.received).to.deep.equal([
        { method: 'POST', url: '/internal/reservations/order-1/confirm', body: { buyerId: 'buyer-1' } },
      ]);
    } finally {
      await inventory.close();
    }
  });

  it("takes the reservation's lines out of the cart itself when an older inventory only confirmed", async () => {
    const inventory = await inventoryStandIn('older');
    try {
      await servicesOver(inventory.url).confirmPurchase(buyer, 'order-2');
      expect(inventory.received).to.deep.equal([
        { method: 'POST', url: '/internal/reservations/order-2/confirm', body: { buyerId: 'buyer-1' } },
        {
          method: 'PUT',
          url: '/internal/carts/buyer-1/purchases/order-2',
          body: { items: [{ productId: 'p-1', quantity: 2 }] },
        },
      ]);
    } finally {
      await inventory.close();
    }
  });
});
