import { execFileSync } from 'node:child_process';

/**
 * Where the replicas live. With network namespaces (root, `ip netns`), each replica is its own
 * host: a namespace with a veth pair on one bridge and its own address, so it can be cut off
 * (its link set down) while its process keeps running. Without them, every replica is a
 * loopback port and a cut can only be imitated by freezing the process.
 */
export interface Network {
  kind: 'netns' | 'loopback';
  /** The address the replicas reach the load balancer (and MariaDB, Redis) at. */
  gateway: string;
  /** A new host for a replica: its address and the command prefix that runs a process there. */
  addHost(id: string): Host;
  /** Cuts a host off the network (packets dropped both ways) or brings it back. */
  cut(host: Host): void;
  restore(host: Host): void;
  teardown(): void;
}

export interface Host {
  id: string;
  address: string;
  /** Prepended to the command line: runs the process inside the host. */
  exec: string[];
  link?: string;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const tryIp = (...args: string[]) => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

/** `name` prefixes the bridge, the links and the namespaces, so two clusters (a test and `start:cluster`) can coexist. */
function namespaces(name: string, subnet: string): Network {
  const [a, b, c] = subnet.split('.');
  const prefix = `${a}.${b}.${c}`;
  const bridge = `${name}br`;
  const hosts: Host[] = [];
  removeLeftovers(name);
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `${prefix}.1/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  return {
    kind: 'netns',
    gateway: `${prefix}.1`,
    addHost(id) {
      const index = hosts.length + 10;
      const namespace = `${name}-${id}`;
      const link = `${name}v${index}`;
      const address = `${prefix}.${index}`;
      ip('netns', 'add', namespace);
      ip('link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      ip('link', 'set', link, 'master', bridge, 'up');
      ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      const host = { id, address, exec: ['ip', 'netns', 'exec', namespace], link };
      hosts.push(host);
      return host;
    },
    cut: (host) => ip('link', 'set', host.link!, 'down'),
    restore: (host) => ip('link', 'set', host.link!, 'up'),
    teardown() {
      removeLeftovers(name);
    },
  };
}

/** Namespaces and links of an earlier run of the same cluster name (a crash leaves them behind). */
function removeLeftovers(name: string): void {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  for (const line of listed.split('\n')) {
    const namespace = line.split(' ')[0];
    if (namespace?.startsWith(`${name}-`)) tryIp('netns', 'del', namespace);
  }
  tryIp('link', 'del', `${name}br`);
}

function loopback(): Network {
  return {
    kind: 'loopback',
    gateway: '127.0.0.1',
    addHost: (id) => ({ id, address: '127.0.0.1', exec: [] }),
    cut: () => {
      throw new Error('no network namespaces here: a replica cannot be cut off, only frozen');
    },
    restore: () => {},
    teardown: () => {},
  };
}

/** Namespaces when this process may create them (root with `ip netns`), else loopback. `mode` forces one. */
export function openNetwork(options: { name: string; subnet: string; mode?: string }): Network {
  if (options.mode === 'loopback') return loopback();
  try {
    return namespaces(options.name, options.subnet);
  } catch (err) {
    if (options.mode === 'netns') throw err;
    try {
      removeLeftovers(options.name);
    } catch {
      // no `ip` at all
    }
    return loopback();
  }
}
