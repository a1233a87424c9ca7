import { expect } from 'chai';
import { allocateByWeight, mulDivRoundHalfUp, platformFee, splitRefund } from '../src/domain/platform-fee.js';

describe('payments: platform fee arithmetic', () => {
  const feeCases: Array<[subtotal: number, bps: number, fee: number]> = [
    [0, 1000, 0],
    [1, 1000, 0],
    [4, 1000, 0],
    [5, 1000, 1], // 0.5 rounds up
    [15, 1000, 2], // 1.5 rounds up
    [14, 1000, 1],
    [25, 1000, 3], // 2.5 rounds up, not to even
    [1999, 1000, 200], // 199.9
    [1994, 1000, 199], // 199.4
    [1995, 1000, 200], // 199.5
    [2500, 1000, 250],
    [333, 250, 8], // 8.325
    [10, 5000, 5],
    [3, 5000, 2], // 1.5
    [12345, 0, 0],
    [12345, 10000, 12345],
    [100_000_000_000, 1000, 10_000_000_000],
    [999_999_999_999, 1, 100_000_000], // 99,999,999.9999
  ];
  for (const [subtotal, bps, fee] of feeCases) {
    it(`fee of ${subtotal} at ${bps} bps is ${fee} (round half up)`, () => {
      expect(platformFee(subtotal, bps)).to.equal(fee);
    });
  }

  it('rounds half up exactly where a float product would not', () => {
    expect(mulDivRoundHalfUp(9_007_199_254_740_991, 3, 6)).to.equal(4_503_599_627_370_496);
  });

  const allocationCases: Array<[total: number, weights: number[], parts: number[]]> = [
    [10, [1, 1], [5, 5]],
    [5, [1, 1], [3, 2]], // the tie goes to the earlier weight
    [10, [1, 2, 3], [2, 3, 5]],
    [100, [33, 33, 34], [33, 33, 34]],
    [7, [0, 5], [0, 7]],
    [0, [0, 0], [0, 0]],
  ];
  for (const [total, weights, parts] of allocationCases) {
    it(`allocates ${total} over ${JSON.stringify(weights)} as ${JSON.stringify(parts)}`, () => {
      expect(allocateByWeight(total, weights)).to.deep.equal(parts);
    });
  }

  it('reverses a fee in proportion: round_half_up(refund × fee / amount) for a first refund', () => {
    const shipments = [{ subtotal: 1000, fee: 100, refundedNet: 0, refundedFee: 0 }];
    expect(splitRefund({ amount: 1000, refundedBefore: 0, refund: 250, shipments })).to.deep.equal([
      { fee: 25, net: 225 },
    ]);
    expect(splitRefund({ amount: 1000, refundedBefore: 0, refund: 5, shipments })).to.deep.equal([{ fee: 1, net: 4 }]); // 0.5 → 1
  });

  it('reverses every shipment exactly when partial refunds add up to the whole amount', () => {
    const shipments = [
      { subtotal: 1999, fee: 200, refundedNet: 0, refundedFee: 0 },
      { subtotal: 1, fee: 0, refundedNet: 0, refundedFee: 0 },
      { subtotal: 3335, fee: 334, refundedNet: 0, refundedFee: 0 },
    ];
    let refunded = 0;
    for (const refund of [7, 1333, 1, 2000, 5335 - 3341]) {
      const parts = splitRefund({ amount: 5335, refundedBefore: refunded, refund, shipments });
      expect(parts.reduce((sum, p) => sum + p.net + p.fee, 0)).to.equal(refund);
      parts.forEach((p, i) => {
        expect(p.net).to.be.at.least(0);
        expect(p.fee).to.be.at.least(0);
        shipments[i].refundedNet += p.net;
        shipments[i].refundedFee += p.fee;
      });
      refunded += refund;
    }
    for (const s of shipments) {
      expect(s.refundedFee).to.equal(s.fee);
      expect(s.refundedNet).to.equal(s.subtotal - s.fee);
    }
  });
});
