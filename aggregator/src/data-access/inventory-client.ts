import type { ServiceClient } from '@agora/http-client';
import type { components, paths } from './generated/inventory.js';

type Schemas = components['schemas'];
export type ServiceProduct = Schemas['Product'];
export type ServiceCart = Schemas['Cart'];
export type CatalogQuery = NonNullable<paths['/products']['get']['parameters']['query']>;
type Page = NonNullable<paths['/seller/products']['get']['parameters']['query']>;

const withId = (template: string, name: string, id: string) => template.replace(`{${name}}`, encodeURIComponent(id));

/**
 * The inventory service's catalog, listing and cart routes, typed from
 * api-docs/inventory.yaml. The caller's identity travels in the request context,
 * so every call is made as the signed-in user (or anonymously for the catalog).
 */
export function inventoryClient(inventory: ServiceClient) {
  return {
    listProducts: (query: CatalogQuery) =>
      inventory.call<Schemas['ProductList']>({ path: '/products', searchParams: query }),
    getProduct: (id: string) => inventory.call<ServiceProduct>({ path: withId('/products/{id}', 'id', id) }),
    listCategories: () => inventory.call<Schemas['CategoryList']>({ path: '/categories' }),
    listSellerProducts: (query: Page) =>
      inventory.call<Schemas['ProductList']>({ path: '/seller/products', searchParams: query }),
    createSellerProduct: (body: Schemas['NewProduct']) =>
      inventory.call<ServiceProduct>({ method: 'POST', path: '/seller/products', json: body }),
    updateSellerProduct: (id: string, body: Schemas['ProductChanges']) =>
      inventory.call<ServiceProduct>({ method: 'PATCH', path: withId('/seller/products/{id}', 'id', id), json: body }),
    archiveSellerProduct: (id: string) =>
      inventory.call<void>({ method: 'DELETE', path: withId('/seller/products/{id}', 'id', id) }),
    getCart: () => inventory.call<ServiceCart>({ path: '/cart' }),
    setCartItem: (productId: string, body: Schemas['CartQuantity']) =>
      inventory.call<ServiceCart>({
        method: 'PUT',
        path: withId('/cart/items/{productId}', 'productId', productId),
        json: body,
      }),
    removeCartItem: (productId: string) =>
      inventory.call<ServiceCart>({
        method: 'DELETE',
        path: withId('/cart/items/{productId}', 'productId', productId),
      }),
    clearCart: () => inventory.call<void>({ method: 'DELETE', path: '/cart' }),
  };
}

export type InventoryClient = ReturnType<typeof inventoryClient>;
