import type { ServiceClient } from '@agora/http-client';
import type { components, paths } from './generated/orders.js';

type Schemas = components['schemas'];
export type Address = Schemas['Address'];
export type AddressInput = Schemas['AddressInput'];
export type AddressPatch = Schemas['AddressPatch'];
export type ServiceOrder = Schemas['Order'];
export type ServiceSale = Schemas['Sale'];
export type Shipment = Schemas['Shipment'];
type Page = NonNullable<paths['/orders']['get']['parameters']['query']>;
type SalesQuery = NonNullable<paths['/seller/sales']['get']['parameters']['query']>;

const path = (template: string, id: string) => template.replace('{id}', encodeURIComponent(id));

/**
 * The orders service's public-facing routes, typed from api-docs/orders.yaml. The caller's
 * identity travels in the request context, so every call is made as the signed-in user.
 */
export function ordersClient(orders: ServiceClient) {
  return {
    listAddresses: (query: Page) => orders.call<Schemas['AddressList']>({ path: '/me/addresses', searchParams: query }),
    createAddress: (body: AddressInput) => orders.call<Address>({ method: 'POST', path: '/me/addresses', json: body }),
    getAddress: (id: string) => orders.call<Address>({ path: path('/me/addresses/{id}', id) }),
    updateAddress: (id: string, body: AddressPatch) =>
      orders.call<Address>({ method: 'PATCH', path: path('/me/addresses/{id}', id), json: body }),
    deleteAddress: (id: string) => orders.call<void>({ method: 'DELETE', path: path('/me/addresses/{id}', id) }),
    listOrders: (query: Page) => orders.call<Schemas['OrderList']>({ path: '/orders', searchParams: query }),
    getOrder: (id: string) => orders.call<ServiceOrder>({ path: path('/orders/{id}', id) }),
    listSales: (query: SalesQuery) => orders.call<Schemas['SaleList']>({ path: '/seller/sales', searchParams: query }),
    shipShipment: (id: string, body: Schemas['ShipInput']) =>
      orders.call<Shipment>({ method: 'POST', path: path('/seller/shipments/{id}/ship', id), json: body }),
    deliverShipment: (id: string) =>
      orders.call<Shipment>({ method: 'POST', path: path('/seller/shipments/{id}/deliver', id) }),
  };
}

export type OrdersClient = ReturnType<typeof ordersClient>;
