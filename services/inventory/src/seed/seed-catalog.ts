import type { Database } from '@agora/db';
import { searchTextOf } from '../domain/product.js';
import { productBulkLoad, type ProductRecord } from '../data-access/product-bulk-load.js';
import { searchIndex } from '../data-access/search-index.js';
import { ADJECTIVES, CATEGORIES, MATERIALS } from './vocabulary.js';

export interface SeedOptions {
  /** Sellers (auth user ids) the products are spread over, round robin. */
  sellerIds: string[];
  /** How many products to add. */
  products: number;
  /** The same seed gives the same catalog. */
  seed?: number;
  currency?: string;
  /** Products per transaction. */
  batchSize?: number;
}

/** mulberry32: a small, fast, seedable generator; plenty for made-up catalogs. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(random: () => number, list: T[]): T => list[Math.floor(random() * list.length)];
const DAY_MS = 86_400_000;

/**
 * Adds `products` active listings straight into the inventory database through the
 * bulk path (product-bulk-load.ts): realistic categories, titles and prices, created
 * over the last 90 days. Used for the demo catalog on first start and for benchmarks
 * (10k…1M products).
 */
export async function seedCatalog(db: Database, options: SeedOptions): Promise<number> {
  if (options.sellerIds.length === 0) throw new Error('seedCatalog needs at least one seller id');
  const random = generator(options.seed ?? 1);
  const batchSize = options.batchSize ?? 20_000;
  const now = Date.now();
  const load = productBulkLoad(db, await searchIndex(db));
  for (let start = 0; start < options.products; start += batchSize) {
    const records: ProductRecord[] = [];
    for (let i = start; i < Math.min(options.products, start + batchSize); i++) {
      const category = pick(random, CATEGORIES);
      const title = `${pick(random, ADJECTIVES)} ${pick(random, MATERIALS)} ${pick(random, category.things)}`;
      const description = `A ${title.toLowerCase()} from our ${category.name.toLowerCase()} range. Ships in 2–3 days.`;
      const [low, high] = category.priceRange;
      const createdAt = new Date(now - Math.floor(random() * 90 * DAY_MS));
      records.push({
        id: seededUuid(random),
        seller_id: options.sellerIds[i % options.sellerIds.length],
        title,
        description,
        search_text: searchTextOf({ title, description }),
        price: Math.round((low + random() * (high - low)) / 100) * 100 - 1,
        currency: options.currency ?? 'EUR',
        stock: Math.floor(random() * 200),
        category: category.name,
        images: JSON.stringify([
          `https://images.agora.example/${category.name.toLowerCase().replace(/\W+/g, '-')}/${i}.jpg`,
        ]),
        status: 'active',
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
    await load.insert(records);
  }
  await load.finish();
  return options.products;
}
