import type { ProcessHandle, ProcessName } from '@agora/test-kit';

/** Seconds of CPU (user + system) each process has used so far, read from its /metrics (prom-client's process_cpu_seconds_total). */
export type CpuReading = Partial<Record<ProcessName, number>>;

const CPU_SECONDS = /^process_cpu_seconds_total(?:\{[^}]*\})?\s+([0-9.eE+-]+)$/m;

async function cpuSeconds(handle: ProcessHandle): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${handle.metricsUrl}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const match = CPU_SECONDS.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function readCpu(processes: Partial<Record<ProcessName, ProcessHandle>>): Promise<CpuReading> {
  const entries = await Promise.all(
    Object.entries(processes).map(async ([name, handle]) => [name, await cpuSeconds(handle!)] as const),
  );
  return Object.fromEntries(entries.filter(([, seconds]) => seconds !== undefined));
}

/**
 * CPU milliseconds each process spent per request between two readings. Unlike throughput, this
 * hardly moves when other work shares the machine: it is what a change to a hot path is judged by.
 * Processes that spent (almost) nothing are left out.
 */
export function cpuPerRequest(
  before: CpuReading,
  after: CpuReading,
  requests: number,
): Partial<Record<ProcessName, number>> {
  if (requests <= 0) return {};
  const perRequest: Partial<Record<ProcessName, number>> = {};
  for (const [name, end] of Object.entries(after) as [ProcessName, number][]) {
    const start = before[name];
    if (start === undefined) continue;
    const ms = ((end - start) * 1000) / requests;
    if (ms >= 0.005) perRequest[name] = Math.round(ms * 1000) / 1000;
  }
  return perRequest;
}
