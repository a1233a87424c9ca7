/** JSON over fetch for seeding; any non-2xx stops the bench with the service's answer. */
export async function sendJson<T>(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const postJson = <T>(url: string, body: unknown, headers?: Record<string, string>) =>
  sendJson<T>('POST', url, body, headers);
export const getJson = <T>(url: string, headers?: Record<string, string>) =>
  sendJson<T>('GET', url, undefined, headers);

/** Runs `task(0..count-1)` with at most `concurrency` in flight, results in index order. */
export async function inBatches<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
