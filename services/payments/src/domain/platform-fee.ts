/**
 * Integer money arithmetic of the platform fee and of refund splits. BigInt in the
 * products, so `amount × bps` cannot lose precision past 2^53.
 */

/** round_half_up(a × b / d) for non-negative integers a, b and positive d. */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  if (a < 0 || b < 0 || d <= 0) throw new RangeError('mulDivRoundHalfUp needs a, b >= 0 and d > 0');
  const D = BigInt(d);
  return Number((2n * BigInt(a) * BigInt(b) + D) / (2n * D));
}

/** The platform's fee on one shipment: round_half_up(subtotal × bps / 10000). */
export function platformFee(subtotal: number, feeBps: number): number {
  return mulDivRoundHalfUp(subtotal, feeBps, 10_000);
}

/**
 * Splits `total` across `weights` in proportion (largest remainder; ties go to the
 * earlier weight). The parts sum to `total`, and with total = Σweights each part
 * equals its weight exactly.
 */
export function allocateByWeight(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over zero weights');
    return weights.map(() => 0);
  }
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w) => (T * BigInt(w)) / S);
  const remainders = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = total - parts.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

export interface ShipmentShare {
  subtotal: number;
  fee: number;
  refundedNet: number;
  refundedFee: number;
}

/**
 * The fee and net parts of a refund, per shipment. The fee reversed so far is
 * always round_half_up(refundedTotal × totalFee / amount), so this refund's fee
 * part is that figure after it minus that figure before it (for a first refund:
 * round_half_up(refund × fee / amount)). Fee parts are spread over the shipments'
 * unrefunded fees and net parts over their unrefunded nets, both by largest
 * remainder: no part is negative or exceeds what is left, and refunding the rest
 * reverses every shipment's net and fee exactly.
 */
export function splitRefund(input: {
  amount: number;
  refundedBefore: number;
  refund: number;
  shipments: ShipmentShare[];
}): Array<{ net: number; fee: number }> {
  const totalFee = input.shipments.reduce((a, s) => a + s.fee, 0);
  const feeReversed = (refunded: number) => mulDivRoundHalfUp(refunded, totalFee, input.amount);
  const feePart = feeReversed(input.refundedBefore + input.refund) - feeReversed(input.refundedBefore);
  const netPart = input.refund - feePart;
  const fees = allocateByWeight(
    feePart,
    input.shipments.map((s) => s.fee - s.refundedFee),
  );
  const nets = allocateByWeight(
    netPart,
    input.shipments.map((s) => s.subtotal - s.fee - s.refundedNet),
  );
  return input.shipments.map((_, i) => ({ net: nets[i], fee: fees[i] }));
}
