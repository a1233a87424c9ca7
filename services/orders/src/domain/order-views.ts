import type { AddressFields } from '../data-access/address-repository.js';
import type { LineRecord, OrderRecord, ShipmentRecord } from '../data-access/records.js';
import type { SaleRecord } from '../data-access/shipment-repository.js';
import type { OrderStatus, ShipmentStatus } from './order-status.js';

export type Line = LineRecord;

export interface Shipment {
  id: string;
  orderId: string;
  sellerId: string;
  status: ShipmentStatus;
  items: Line[];
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
}

export interface Order {
  id: string;
  buyerId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  total: number;
  items: Line[];
  shippingAddress: AddressFields;
  shipments: Shipment[];
  /** The payment that paid the order, by id only: its state is the payments service's, and the aggregator joins it. */
  payment: { id: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Sale extends Shipment {
  buyerId: string;
  shippingAddress: AddressFields;
  subtotal: number;
  currency: string;
  createdAt: string;
}

export function shipmentView(shipment: ShipmentRecord, orderLines: Line[]): Shipment {
  return {
    id: shipment.id,
    orderId: shipment.orderId,
    sellerId: shipment.sellerId,
    status: shipment.status as ShipmentStatus,
    items: orderLines.filter((line) => line.sellerId === shipment.sellerId),
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    shippedAt: shipment.shippedAt,
    deliveredAt: shipment.deliveredAt,
  };
}

/** v1 has no shipping or tax, so the total is the subtotal. */
export function orderView(order: OrderRecord): Order {
  return {
    id: order.id,
    buyerId: order.buyerId,
    status: order.status as OrderStatus,
    currency: order.currency,
    subtotal: order.subtotal,
    total: order.subtotal,
    items: order.lines,
    shippingAddress: order.shippingAddress,
    shipments: order.shipments.map((s) => shipmentView(s, order.lines)),
    payment: order.paymentId ? { id: order.paymentId } : null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** A seller's view of one order: their shipment and lines only, never another seller's. */
export function saleView(sale: SaleRecord): Sale {
  return {
    ...shipmentView(sale, sale.lines),
    buyerId: sale.order.buyerId,
    shippingAddress: sale.order.shippingAddress,
    subtotal: sale.subtotal,
    currency: sale.order.currency,
    createdAt: sale.createdAt,
  };
}
