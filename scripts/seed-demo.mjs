// Demo data for `npm start`, created once through the public API (so it works on any
// database): two sellers with a small catalog and one buyer. Passwords are random and
// written only to the git-ignored data folder.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CATALOG = [
  ['Books', 'The Pragmatic Programmer', 'Classic advice for working developers.', 3999],
  ['Books', 'Designing Data-Intensive Applications', 'Reliable, scalable, maintainable systems.', 4499],
  ['Books', 'Release It!', 'Design and deploy production-ready software.', 3499],
  ['Kitchen', 'Cast Iron Skillet 26 cm', 'Pre-seasoned, oven safe.', 2999],
  ['Kitchen', 'Pour-over Coffee Kit', 'Dripper, filters and a glass carafe.', 3450],
  ['Kitchen', 'Chef Knife 20 cm', 'Stainless steel, full tang.', 5900],
  ['Garden', 'Herb Seed Set', 'Basil, parsley, chives and thyme.', 1299],
  ['Garden', 'Watering Can 5 L', 'Galvanised steel with a brass rose.', 2450],
  ['Toys', 'Wooden Train Set', '40 pieces, ages 3 and up.', 4999],
  ['Toys', 'Puzzle 1000 pieces: Harbour at Dusk', 'Premium cardboard.', 1999],
  ['Electronics', 'USB-C Charger 65 W', 'GaN, two ports.', 3999],
  ['Electronics', 'Mechanical Keyboard', 'Hot-swappable switches, ISO layout.', 8900],
  ['Electronics', 'Noise-cancelling Headphones', 'Over-ear, 30 h battery.', 19900],
  ['Outdoor', 'Trail Running Shoes', 'Lightweight with a grippy sole.', 11900],
  ['Outdoor', 'Insulated Bottle 750 ml', 'Keeps drinks cold for 24 h.', 2499],
  ['Outdoor', 'Camping Lantern', 'Rechargeable LED, 300 lumen.', 2999],
];

async function post(baseUrl, route, body, token) {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`Seeding ${route} failed: ${res.status} ${json.code ?? ''} ${json.detail ?? ''}`);
  return json;
}

/** Returns a one-line summary of the demo accounts (creating them on first start). */
export async function seedDemo({ baseUrl, dataDir }) {
  const file = path.join(dataDir, 'demo-accounts.json');
  if (!existsSync(file)) {
    const accounts = [
      { email: 'seller.ada@demo.agora', name: 'Ada Crafts', role: 'seller' },
      { email: 'seller.linus@demo.agora', name: 'Linus Goods', role: 'seller' },
      { email: 'buyer.grace@demo.agora', name: 'Grace Buyer', role: 'buyer' },
    ].map((account) => ({ ...account, password: randomBytes(12).toString('base64url') }));
    const sessions = [];
    for (const account of accounts) sessions.push(await post(baseUrl, '/auth/signup', account));
    for (const [index, [category, title, description, price]] of CATALOG.entries()) {
      const seller = sessions[index % 2];
      await post(
        baseUrl,
        '/seller/products',
        { title, description, price, currency: 'EUR', stock: 25, category },
        seller.accessToken,
      );
    }
    writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  }
  const accounts = JSON.parse(readFileSync(file, 'utf8'));
  return `${accounts.map((a) => `${a.role} ${a.email}`).join(', ')} (passwords in ${path.relative(process.cwd(), file)})`;
}
