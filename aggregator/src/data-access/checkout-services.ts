import { IDENTITY_HEADERS } from '@agora/identity';
import type { ServiceClients } from './service-clients.js';
import { paymentsClient } from './payments-client.js';
import type { components } from './generated/inventory.js';
import type { Buyer, CartLine, CheckoutServices, PlacedOrder, ShippingAddress } from '../domain/checkout/ports.js';

interface CartView {
  items: Array<{
    productId: string;
    quantity: number;
    product: { sellerId: string; title: string; price: number; currency: string; stock: number };
  }>;
}

const as = (buyer: Buyer) => ({ [IDENTITY_HEADERS.id]: buyer.id, [IDENTITY_HEADERS.role]: buyer.role });

/** The checkout saga's ports over the internal APIs of inventory, orders and payments. */
export function checkoutServices({ inventory, orders, payments: paymentsService }: ServiceClients): CheckoutServices {
  const payments = paymentsClient(paymentsService);
  const clearPurchased: CheckoutServices['clearPurchased'] = async (buyer, orderId, lines) => {
    await inventory.call({
      method: 'PUT',
      path: `/internal/carts/${encodeURIComponent(buyer.id)}/purchases/${encodeURIComponent(orderId)}`,
      json: {
        items: lines.map(({ productId, quantity }) => ({ productId, quantity })),
      } satisfies components['schemas']['CartPurchase'],
    });
  };
  return {
    knownDown: () => [inventory, orders, paymentsService].find((client) => client.isDown())?.service ?? null,
    async cartOf(buyer) {
      const cart = await inventory.call<CartView>({ path: '/cart', headers: as(buyer) });
      return cart.items.map((item): CartLine => ({
        productId: item.productId,
        quantity: item.quantity,
        sellerId: item.product.sellerId,
        title: item.product.title,
        unitPrice: item.product.price,
        currency: item.product.currency,
        inStock: item.product.stock,
      }));
    },
    async addressOf(buyer, addressId) {
      const { id: _id, ...address } = await orders.call<ShippingAddress & { id: string }>({
        path: `/me/addresses/${encodeURIComponent(addressId)}`,
        headers: as(buyer),
      });
      return address;
    },
    createOrder: (buyer, orderId, order) =>
      orders.call<PlacedOrder>({
        method: 'PUT',
        path: `/internal/orders/${orderId}`,
        json: {
          buyerId: buyer.id,
          currency: order.currency,
          items: order.lines.map(({ productId, sellerId, title, unitPrice, quantity }) => ({
            productId,
            sellerId,
            title,
            unitPrice,
            quantity,
          })),
          shippingAddress: order.shippingAddress,
        },
      }),
    getOrder: (orderId) => orders.call<PlacedOrder>({ path: `/internal/orders/${encodeURIComponent(orderId)}` }),
    transitionOrder: (orderId, status, paymentId) =>
      orders.call<PlacedOrder>({
        method: 'POST',
        path: `/internal/orders/${orderId}/transitions`,
        json: paymentId ? { status, paymentId } : { status },
      }),
    async reserveStock(orderId, lines) {
      await inventory.call({ method: 'PUT', path: `/internal/reservations/${orderId}`, json: { items: lines } });
    },
    async confirmPurchase(buyer, orderId) {
      const reservation = await inventory.call<components['schemas']['Reservation']>({
        method: 'POST',
        path: `/internal/reservations/${orderId}/confirm`,
        json: { buyerId: buyer.id } satisfies components['schemas']['ReservationConfirmation'],
      });
      // An inventory older than the merged call confirmed only: the cart is taken care of here (rollouts in either order).
      if (reservation.cartUpdated !== true) await clearPurchased(buyer, orderId, reservation.items);
    },
    async releaseReservation(orderId) {
      await inventory.call({ method: 'POST', path: `/internal/reservations/${orderId}/release` });
    },
    charge: ({ idempotencyKey, ...request }) => payments.charge(idempotencyKey, request),
    async paymentOf(orderId) {
      const found = await payments.paymentsForOrders([orderId]);
      return found.find((p) => p.status !== 'failed') ?? found[0] ?? null;
    },
    async refundRest(payment, idempotencyKey) {
      await payments.refund(payment.id, idempotencyKey);
    },
    clearPurchased,
  };
}
