import { httpClient, type TestHttp } from './http.js';

/**
 * A test client whose every response must match `specFile` (a path from the repository root):
 * an undeclared status, a body off its schema, or a route the spec lacks fails the request.
 * For a service's in-process tests: `contractClient(url, 'api-docs/orders.yaml')`.
 */
export function contractClient(baseUrl: string, specFile: string, headers: Record<string, string> = {}): TestHttp {
  return httpClient(baseUrl, headers, { contract: specFile });
}
