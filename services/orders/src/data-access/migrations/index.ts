import type { Migration } from '@agora/db';
import { createAddresses } from './001-addresses.js';
import { createOrders } from './002-orders.js';
import { createDeliveryReports } from './003-delivery-reports.js';
import { createErasures } from './004-erasures.js';

/** Every schema change of the orders database, in order; applied at start. */
export const migrations: Migration[] = [createAddresses, createOrders, createDeliveryReports, createErasures];
