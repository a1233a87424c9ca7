import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './rendered-manifests.js';

/** Where a process's package lives: the aggregator at the root, the others under services/. */
export function packageDir(process: string): string {
  return process === 'aggregator' ? 'aggregator' : `services/${process}`;
}

type ConfigLoader = (environment: NodeJS.ProcessEnv) => unknown;

/** The `load…Config(environment)` function exported by a process's `src/config.ts`. */
export async function configLoader(process: string): Promise<ConfigLoader> {
  const module: Record<string, unknown> = await import(path.join(repoRoot, packageDir(process), 'src/config.ts'));
  const loaders = Object.entries(module).filter(
    ([name, value]) => /^load\w*Config$/.test(name) && typeof value === 'function',
  );
  if (loaders.length !== 1)
    throw new Error(`${packageDir(process)}/src/config.ts must export one load…Config function`);
  return loaders[0][1] as ConfigLoader;
}

/**
 * The variables the code reads: the keys of the loadConfig shape (commonShape included),
 * recorded by handing the loader an environment that notes every name asked for.
 */
export function variablesRead(load: ConfigLoader): Set<string> {
  const asked = new Set<string>();
  const environment = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => {
      if (typeof name === 'string') asked.add(name);
      return undefined;
    },
  });
  try {
    load(environment);
  } catch {
    // An empty environment may be invalid; the names asked for are what matters here.
  }
  return asked;
}

/** The variables without a default: the ones an empty environment is refused for. */
export function variablesRequired(load: ConfigLoader): string[] {
  try {
    load({});
    return [];
  } catch (err) {
    const problems = (err as { problems?: string[] }).problems;
    if (!problems) throw err;
    return problems.map((problem) => problem.split(':')[0]);
  }
}

/** Every (Secret, key) pair that manifests/create-secrets.sh creates, its service loop expanded. */
export function secretsCreatedByScript(): Set<string> {
  const script = readFileSync(path.join(repoRoot, 'manifests/create-secrets.sh'), 'utf8');
  const services = /for service in ([a-z ]+); do/.exec(script)?.[1].split(' ') ?? [];
  const created = new Set<string>();
  for (const command of script.split(/\n(?=\S)|\n\s*\n/)) {
    const name = /create secret generic "?([^\s"]+)"?/.exec(command)?.[1];
    if (!name) continue;
    const keys = [...command.matchAll(/--from-(?:literal|file)=([A-Z_]+)=/g)].map((m) => m[1]);
    const names = name.includes('${service}') ? services.map((s) => name.replace('${service}', s)) : [name];
    for (const secret of names) for (const key of keys) created.add(`${secret}/${key}`);
  }
  return created;
}
