/** Who a request acts for: the words domain code, the web kit and the aggregator share. */
export type Role = 'buyer' | 'seller' | 'admin';

export interface Caller {
  id: string;
  role: Role;
}

export const ROLES: readonly Role[] = ['buyer', 'seller', 'admin'];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
