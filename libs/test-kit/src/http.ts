import got, { type Got } from 'got';

export type TestHttp = Got;

/** A got instance for tests: never throws on status, parses JSON, never retries. */
export function httpClient(baseUrl: string, headers: Record<string, string> = {}): TestHttp {
  return got.extend({
    prefixUrl: baseUrl,
    throwHttpErrors: false,
    responseType: 'json',
    retry: { limit: 0 },
    timeout: { request: 15_000 },
    headers,
  });
}
