export type ReservationStatus = 'reserved' | 'confirmed' | 'released';

export interface ReservationLine {
  productId: string;
  quantity: number;
}

export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  items: ReservationLine[];
  expiresAt: string;
}

/** One line per product, sorted by id: every transaction locks products in the same order, so they cannot deadlock each other. */
export function mergedLines(items: ReservationLine[]): ReservationLine[] {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
  return [...quantities]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}
