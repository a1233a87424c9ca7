import { randomUUID } from 'node:crypto';
import { ValidationFailed } from '@agora/errors';

export type ProductStatus = 'active' | 'archived';

/** A listing as the inventory service knows it (the seller's name is joined by the aggregator). */
export interface Product {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  category: string | null;
  images: string[];
  status: ProductStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ProductInput {
  title: string;
  description?: string;
  price: number;
  currency?: string;
  stock: number;
  category?: string | null;
  images?: string[];
}

export type ProductChanges = Partial<ProductInput> & { status?: ProductStatus };

/** The words `?q=` matches against: title and description, lowercased. */
export function searchTextOf(product: Pick<Product, 'title' | 'description'>): string {
  return `${product.title}\n${product.description}`.toLowerCase();
}

function checkCurrency(currency: string, accepted: string[]): void {
  if (!accepted.includes(currency)) {
    throw new ValidationFailed('The currency is not accepted', [
      { path: '/body/currency', message: `must be one of ${accepted.join(', ')}` },
    ]);
  }
}

/** A new active listing; omitted optional fields take the documented defaults. */
export function newProduct(sellerId: string, input: ProductInput, currencies: string[], now = new Date()): Product {
  const currency = input.currency ?? currencies[0];
  checkCurrency(currency, currencies);
  const at = now.toISOString();
  return {
    id: randomUUID(),
    sellerId,
    title: input.title,
    description: input.description ?? '',
    price: input.price,
    currency,
    stock: input.stock,
    category: input.category ?? null,
    images: input.images ?? [],
    status: 'active',
    createdAt: at,
    updatedAt: at,
  };
}

/** The listing after a seller's edit; unknown currencies are refused like on create. */
export function changedProduct(
  product: Product,
  changes: ProductChanges,
  currencies: string[],
  now = new Date(),
): Product {
  if (changes.currency !== undefined) checkCurrency(changes.currency, currencies);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ProductChanges;
  return { ...product, ...defined, updatedAt: now.toISOString() };
}
