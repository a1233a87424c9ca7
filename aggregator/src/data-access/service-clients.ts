import { createServiceClient, type ServiceClient } from '@agora/http-client';
import type { AggregatorConfig } from '../config.js';

export interface ServiceClients {
  auth: ServiceClient;
  inventory: ServiceClient;
  orders: ServiceClient;
  payments: ServiceClient;
}

/** One keep-alive client per service, addressed by the URLs of the config (mesh DNS names in Kubernetes). */
export function createServiceClients(config: AggregatorConfig): ServiceClients {
  const make = (service: string, baseUrl: string) =>
    createServiceClient({ service, baseUrl, timeoutMs: config.INTERNAL_TIMEOUT_MS });
  return {
    auth: make('auth', config.AUTH_URL),
    inventory: make('inventory', config.INVENTORY_URL),
    orders: make('orders', config.ORDERS_URL),
    payments: make('payments', config.PAYMENTS_URL),
  };
}
