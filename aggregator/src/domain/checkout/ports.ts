/**
 * What the checkout saga needs from the services, as plain functions. The adapters
 * in data-access/checkout-services.ts implement them over the typed clients; every
 * call names the buyer explicitly, so the recovery job can act without a request.
 */
export interface Buyer {
  id: string;
  role: 'buyer' | 'seller' | 'admin';
}

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone?: string | null;
}

export interface CartLine {
  productId: string;
  quantity: number;
  sellerId: string;
  title: string;
  unitPrice: number;
  currency: string;
  /** Units in stock when the cart was read (absent: not known). The reservation decides; this only refuses early. */
  inStock?: number;
}

export interface OrderShipment {
  id: string;
  sellerId: string;
  items: Array<{ lineTotal: number }>;
}

export interface PlacedOrder {
  id: string;
  buyerId: string;
  status: string;
  currency: string;
  total: number;
  shipments: OrderShipment[];
  [field: string]: unknown;
}

export interface PaymentRecord {
  id: string;
  orderId: string;
  status: 'captured' | 'partially_refunded' | 'refunded' | 'failed';
  amount: number;
  refundedAmount: number;
  /** Why a `failed` payment failed; `deadline_passed`: captured after its caller gave up, and voided. */
  failureCode?: string | null;
}

export interface CheckoutServices {
  /** A service of the saga that just refused a connection (so a checkout now would only be backed out), or null. */
  knownDown(): string | null;
  cartOf(buyer: Buyer): Promise<CartLine[]>;
  addressOf(buyer: Buyer, addressId: string): Promise<ShippingAddress>;
  createOrder(
    buyer: Buyer,
    orderId: string,
    order: { currency: string; lines: CartLine[]; shippingAddress: ShippingAddress },
  ): Promise<PlacedOrder>;
  getOrder(orderId: string): Promise<PlacedOrder>;
  transitionOrder(
    orderId: string,
    status: 'paid' | 'payment_failed' | 'cancelled',
    paymentId?: string,
  ): Promise<PlacedOrder>;
  reserveStock(orderId: string, lines: Array<{ productId: string; quantity: number }>): Promise<void>;
  /**
   * Confirms the order's reservation and takes its lines out of the buyer's cart, in one inventory
   * transaction, once per order: a repeat confirms and subtracts nothing more, and lines added since stay.
   */
  confirmPurchase(buyer: Buyer, orderId: string): Promise<void>;
  releaseReservation(orderId: string): Promise<void>;
  /** Throws AppError payment_declined (402) / payment_failed (502); 503 when payments is unreachable. */
  charge(request: {
    idempotencyKey: string;
    orderId: string;
    buyerId: string;
    amount: number;
    currency: string;
    paymentMethod: string;
    shipments: Array<{ shipmentId: string; sellerId: string; subtotal: number }>;
  }): Promise<PaymentRecord>;
  paymentOf(orderId: string): Promise<PaymentRecord | null>;
  refundRest(payment: PaymentRecord, idempotencyKey: string): Promise<void>;
  /**
   * Takes an order's bought quantities out of the buyer's cart, once per order: a repeat subtracts nothing more,
   * and lines added since stay. Only for sagas an earlier version recorded with the reservation confirmed alone.
   */
  clearPurchased(buyer: Buyer, orderId: string, lines: Array<{ productId: string; quantity: number }>): Promise<void>;
}
