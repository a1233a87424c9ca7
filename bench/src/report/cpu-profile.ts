import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  top: HotFunction[];
  /** Self time by package (node_modules/<pkg>), by our workspace, or node's internals. */
  byArea: Array<{ area: string; selfMs: number; percent: number }>;
}

const ROOT_MARKER = /\/work\/[^/]+\//;

function shortWhere(url: string, line: number): string {
  if (!url) return '(native/V8)';
  const local = url.replace(/^file:\/\//, '').replace(ROOT_MARKER, '');
  return `${local}:${line + 1}`;
}

function areaOf(url: string): string {
  if (!url) return '(native/V8, GC, idle)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(libs\/[^/]+|services\/[^/]+|aggregator)\//.exec(url);
  return ours ? ours[1] : 'other';
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Self time per function from a V8 .cpuprofile: each sample's time delta goes to the node it
 * landed in. Only samples from `window.skipMs` after the profile began (the process's start,
 * module loading and spec compilation) and for `window.durationMs` count, so the summary is
 * the load's, not the start's or the shutdown's.
 */
export function summariseProfile(
  file: string,
  window: { skipMs: number; durationMs: number },
  topN = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const from = profile.startTime + window.skipMs * 1000;
  const to = from + window.durationMs * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at >= from && at <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, HotFunction>();
  const byArea = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    totalUs += us;
    const where = shortWhere(frame.url, frame.lineNumber);
    const key = `${frame.functionName}@${where}`;
    const entry = byFunction.get(key) ?? { name: frame.functionName || '(anonymous)', where, selfMs: 0, percent: 0 };
    entry.selfMs += us / 1000;
    byFunction.set(key, entry);
    byArea.set(areaOf(frame.url), (byArea.get(areaOf(frame.url)) ?? 0) + us / 1000);
  }
  const totalMs = totalUs / 1000;
  const top = [...byFunction.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, topN)
    .map((f) => ({ ...f, selfMs: round(f.selfMs), percent: round((f.selfMs / totalMs) * 100) }));
  const areas = [...byArea.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([area, ms]) => ({ area, selfMs: round(ms), percent: round((ms / totalMs) * 100) }));
  return { file: path.basename(file), totalMs: round(totalMs), top, byArea: areas };
}

/** The newest main-thread .cpuprofile in a directory (CPU.<date>.<time>.<pid>.<thread>.<seq>; tsx's loader runs on thread 1). */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort();
  return files.length ? path.join(dir, files[files.length - 1]) : undefined;
}
