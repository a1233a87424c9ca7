import { storedTimeIso } from '@agora/db';
import type { AddressFields } from './address-repository.js';

/** Plain shapes the repositories hand to the domain. Times are ISO strings. */
export interface LineRecord {
  productId: string;
  sellerId: string;
  title: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface ShipmentRecord {
  id: string;
  orderId: string;
  sellerId: string;
  status: string;
  subtotal: number;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface OrderHeader {
  id: string;
  buyerId: string;
  status: string;
  currency: string;
  subtotal: number;
  shippingAddress: AddressFields;
  requestHash: string;
  paymentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderRecord extends OrderHeader {
  lines: LineRecord[];
  shipments: ShipmentRecord[];
}

type Plain = Record<string, any>;
/** A stored time as ISO, or null (storedTimeIso). */
function iso(value: unknown): string | null {
  return value == null ? null : storedTimeIso(value as string | Date);
}

export function lineOf(r: Plain): LineRecord {
  return {
    productId: r.productId,
    sellerId: r.sellerId,
    title: r.title,
    unitPrice: Number(r.unitPrice),
    quantity: Number(r.quantity),
    lineTotal: Number(r.lineTotal),
  };
}

export function shipmentOf(r: Plain): ShipmentRecord {
  return {
    id: r.id,
    orderId: r.orderId,
    sellerId: r.sellerId,
    status: r.status,
    subtotal: Number(r.subtotal),
    carrier: r.carrier ?? null,
    trackingNumber: r.trackingNumber ?? null,
    shippedAt: iso(r.shippedAt),
    deliveredAt: iso(r.deliveredAt),
    createdAt: iso(r.createdAt)!,
  };
}

/**
 * An order with its lines and shipments, made in one literal: spreading a header into a new
 * object with two more fields cost more than the rest of the row's mapping on a buyer's page.
 */
export function orderOf(r: Plain, lines: LineRecord[], shipments: ShipmentRecord[]): OrderRecord {
  return {
    id: r.id,
    buyerId: r.buyerId,
    status: r.status,
    currency: r.currency,
    subtotal: Number(r.subtotal),
    shippingAddress: JSON.parse(r.shippingAddress),
    requestHash: r.requestHash,
    paymentId: r.paymentId ?? null,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    lines,
    shipments,
  };
}

export function orderHeaderOf(r: Plain): OrderHeader {
  const { lines: _lines, shipments: _shipments, ...header } = orderOf(r, [], []);
  return header;
}
