export {
  createServiceClient,
  DEFAULT_RETRIES,
  type ServiceClient,
  type ServiceClientOptions,
  type CallOptions,
  type ServiceResponse,
} from './service-client.js';
