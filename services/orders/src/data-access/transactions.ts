/**
 * Transactions, the one way: repositories take a `Tx`; the domain is given an `InTransaction`
 * (made in service.ts with `inTransaction(db)`) and never sees the database itself.
 */
export type { InTransaction, Tx } from '@agora/db';
