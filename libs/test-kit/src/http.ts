import got, { type Got } from 'got';
import { contractHook, contractOf, servedContract } from './contract.js';

export type TestHttp = Got;

export interface HttpClientOptions {
  /**
   * The spec file every response is checked against (see contract.ts). By default, the ones the
   * server is known to serve — public.yaml and operators.yaml for a `startSystem()` aggregator — else none; `false` opts out.
   */
  contract?: string | string[] | false;
}

/** A got instance for tests: never throws on status, parses JSON, never retries. */
export function httpClient(
  baseUrl: string,
  headers: Record<string, string> = {},
  options: HttpClientOptions = {},
): TestHttp {
  const contract = options.contract ?? servedContract(baseUrl);
  return got.extend({
    prefixUrl: baseUrl,
    throwHttpErrors: false,
    responseType: 'json',
    retry: { limit: 0 },
    timeout: { request: 15_000 },
    headers,
    hooks: { afterResponse: contract ? [contractHook([contract].flat().map(contractOf))] : [] },
  });
}
