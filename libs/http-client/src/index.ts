export { createServiceClient, type ServiceClient, type ServiceClientOptions, type CallOptions, type ServiceResponse } from './service-client.js';
