import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@agora/test-kit';

export interface KoaCeiling {
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/src/load/koa-hello.ts in a process of its own, through tsx as the services are. */
export async function startKoaCeiling(): Promise<KoaCeiling> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./koa-hello.ts', import.meta.url))],
    {
      env: { ...process.env, PORT: String(port), NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(url)).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'the bare Koa app',
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
