/**
 * The double-entry ledger. Every money movement is one transaction of entries
 * whose amounts sum to zero. Sign: what an account holds is positive — the buyer
 * account goes negative by what buyers paid, while sellers' and the platform's
 * accounts hold their shares of it.
 */
export const BUYER_PAYMENTS = 'buyer_payments';
export const PLATFORM_FEES = 'platform_fees';
export const sellerAccount = (sellerId: string, bucket: 'pending' | 'available') => `seller:${sellerId}:${bucket}`;

export interface LedgerEntry {
  account: string;
  /** The seller whose sale this entry belongs to (also on platform-fee entries, so fees show per seller). */
  sellerId: string | null;
  shipmentId: string | null;
  amount: number;
}

export interface ShipmentSplit {
  shipmentId: string;
  sellerId: string;
  subtotal: number;
  fee: number;
}

function balanced(entries: LedgerEntry[]): LedgerEntry[] {
  const nonZero = entries.filter((e) => e.amount !== 0);
  if (nonZero.reduce((sum, e) => sum + e.amount, 0) !== 0) throw new Error('Ledger transaction does not balance');
  return nonZero;
}

/** A capture: the buyer pays the whole amount; each seller's net is pending, the platform keeps the fee. */
export function captureEntries(amount: number, shipments: ShipmentSplit[]): LedgerEntry[] {
  return balanced([
    { account: BUYER_PAYMENTS, sellerId: null, shipmentId: null, amount: -amount },
    ...shipments.flatMap((s) => [
      {
        account: sellerAccount(s.sellerId, 'pending'),
        sellerId: s.sellerId,
        shipmentId: s.shipmentId,
        amount: s.subtotal - s.fee,
      },
      { account: PLATFORM_FEES, sellerId: s.sellerId, shipmentId: s.shipmentId, amount: s.fee },
    ]),
  ]);
}

export interface RefundPart {
  shipmentId: string;
  sellerId: string;
  net: number;
  fee: number;
  /** A delivered shipment's net was already moved to available, so the refund is taken from there. */
  delivered: boolean;
}

/** A refund: the buyer gets `amount` back, taken from the sellers' nets and the platform's fees. */
export function refundEntries(amount: number, parts: RefundPart[]): LedgerEntry[] {
  return balanced([
    { account: BUYER_PAYMENTS, sellerId: null, shipmentId: null, amount },
    ...parts.flatMap((p) => [
      {
        account: sellerAccount(p.sellerId, p.delivered ? 'available' : 'pending'),
        sellerId: p.sellerId,
        shipmentId: p.shipmentId,
        amount: -p.net,
      },
      { account: PLATFORM_FEES, sellerId: p.sellerId, shipmentId: p.shipmentId, amount: -p.fee },
    ]),
  ]);
}

/** A delivery: the shipment's remaining net becomes available to the seller. */
export function deliveryEntries(sellerId: string, shipmentId: string, net: number): LedgerEntry[] {
  return balanced([
    { account: sellerAccount(sellerId, 'pending'), sellerId, shipmentId, amount: -net },
    { account: sellerAccount(sellerId, 'available'), sellerId, shipmentId, amount: net },
  ]);
}

export interface SellerBalance {
  currency: string;
  pending: number;
  available: number;
  platformFees: number;
}

/** Folds a seller's per-account sums into one balance per currency. */
export function sellerBalances(
  sellerId: string,
  sums: Array<{ currency: string; account: string; total: number }>,
): SellerBalance[] {
  const byCurrency = new Map<string, SellerBalance>();
  for (const { currency, account, total } of sums) {
    const balance = byCurrency.get(currency) ?? { currency, pending: 0, available: 0, platformFees: 0 };
    if (account === sellerAccount(sellerId, 'pending')) balance.pending += total;
    else if (account === sellerAccount(sellerId, 'available')) balance.available += total;
    else if (account === PLATFORM_FEES) balance.platformFees += total;
    byCurrency.set(currency, balance);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
