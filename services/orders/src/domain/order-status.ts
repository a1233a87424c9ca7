import { InvalidState } from '@agora/errors';

export const ORDER_STATUSES = ['pending', 'paid', 'payment_failed', 'shipped', 'delivered', 'cancelled'] as const;
export const SHIPMENT_STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** The one table of legal order moves (API.md); everything else is refused. */
const ORDER_MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'payment_failed'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  payment_failed: [],
  cancelled: [],
};

const SHIPMENT_MOVES: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  pending: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_MOVES[from].includes(to);
}

export function canMoveShipment(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return SHIPMENT_MOVES[from].includes(to);
}

/**
 * A move the order already made and went past: `paid` for a shipped, delivered or cancelled
 * order (only a paid order ships or is cancelled). The saga repeats a move whose answer it
 * lost, possibly after the seller shipped or the buyer cancelled; that repeat changes nothing.
 */
export function orderMovedPast(current: OrderStatus, to: OrderStatus): boolean {
  return to === 'paid' && (current === 'shipped' || current === 'delivered' || current === 'cancelled');
}

export function assertOrderMove(from: OrderStatus, to: OrderStatus): void {
  if (!canMoveOrder(from, to)) throw new InvalidState(`An order that is ${from} cannot become ${to}`);
}

export function assertShipmentMove(from: ShipmentStatus, to: ShipmentStatus): void {
  if (!canMoveShipment(from, to)) throw new InvalidState(`A shipment that is ${from} cannot become ${to}`);
}

/**
 * A paid order follows its shipments: `shipped` once every live shipment has left,
 * `delivered` once every one has arrived. Cancelled shipments do not count.
 */
export function orderStatusFollowingShipments(current: OrderStatus, shipments: readonly ShipmentStatus[]): OrderStatus {
  const live = shipments.filter((s) => s !== 'cancelled');
  if (live.length === 0 || (current !== 'paid' && current !== 'shipped')) return current;
  if (live.every((s) => s === 'delivered')) return 'delivered';
  if (live.every((s) => s === 'shipped' || s === 'delivered')) return 'shipped';
  return current;
}
