import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processes, repoRoot } from './rendered-manifests.js';
import { packageDir } from './process-config.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const readJson = (file: string) => JSON.parse(read(file));

/** Directory of every workspace package, by package name. */
function workspaceDirs(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const pattern of readJson('package.json').workspaces as string[]) {
    const parent = pattern.endsWith('/*') ? pattern.slice(0, -2) : undefined;
    const candidates = parent ? readdir(parent).map((d) => `${parent}/${d}`) : [pattern];
    for (const dir of candidates)
      if (existsSync(path.join(repoRoot, dir, 'package.json'))) dirs.set(readJson(`${dir}/package.json`).name, dir);
  }
  return dirs;
}
function readdir(dir: string): string[] {
  return existsSync(path.join(repoRoot, dir)) ? readdirSync(path.join(repoRoot, dir)) : [];
}

/** The workspace packages a package depends on directly (dev dependencies are not in the image). */
function workspaceDependencies(dir: string, dirs: Map<string, string>): string[] {
  return Object.keys(readJson(`${dir}/package.json`).dependencies ?? {}).flatMap((name) => dirs.get(name) ?? []);
}

/** Every workspace package a package needs at runtime, itself included. */
function runtimeWorkspaces(dir: string, dirs: Map<string, string>): Set<string> {
  const needed = new Set<string>([dir]);
  for (const current of needed) for (const dependency of workspaceDependencies(current, dirs)) needed.add(dependency);
  return needed;
}

/** The file `tsc -p tsconfig.build.json` emits for src/index.ts: rootDir mapped onto outDir, .ts → .js. */
function emittedEntry(dir: string): string {
  const { compilerOptions } = readJson(`${dir}/tsconfig.build.json`);
  const relative = path.relative(compilerOptions.rootDir, 'src/index.ts').replace(/\.ts$/, '.js');
  return path.posix.join(dir, compilerOptions.outDir, relative);
}

describe('deploy: each image runs the compiled entry of its package', () => {
  const dirs = workspaceDirs();

  for (const process of processes) {
    const dir = packageDir(process);
    describe(`${dir}/Dockerfile`, () => {
      const dockerfile = () => read(`${dir}/Dockerfile`);
      const runtimeStage = () => dockerfile().slice(dockerfile().lastIndexOf('\nFROM '));

      it('starts node on the file tsc emits for src/index.ts', () => {
        expect(existsSync(path.join(repoRoot, dir, 'src/index.ts')), `${dir}/src/index.ts`).to.equal(true);
        const cmd = /^CMD (\[.*\])$/m.exec(runtimeStage());
        expect(cmd, 'an exec-form CMD in the runtime stage').to.not.equal(null);
        expect(JSON.parse(cmd![1])).to.deep.equal(['node', emittedEntry(dir)]);
        expect(readJson(`${dir}/package.json`).scripts['build:dist']).to.equal('tsc -p tsconfig.build.json');
      });

      it('ships production dependencies only: node_modules come from the --omit=dev install, never from the build stage', () => {
        expect(runtimeStage()).to.include('COPY --from=production-deps /src ./');
        expect(runtimeStage()).to.not.match(/COPY --from=build \S*node_modules/);
        expect(dockerfile()).to.match(
          /^FROM toolchain AS production-deps\nCOPY --from=manifests \/src \.\/\nRUN npm ci --omit=dev --workspace /m,
        );
      });

      it('compiles the workspaces the package needs, dependencies first, and copies their output and the specs', () => {
        const needed = runtimeWorkspaces(dir, dirs);
        const built = /for ws in ([^;]+); do npx tsc -p "\$ws\/tsconfig\.build\.json"; done/.exec(dockerfile());
        expect(built, 'a tsc loop over the workspaces').to.not.equal(null);
        const order = built![1].trim().split(/\s+/);
        expect(order.slice().sort()).to.deep.equal([...needed].sort());
        for (const [position, workspace] of order.entries()) {
          for (const dependency of workspaceDependencies(workspace, dirs))
            expect(order.indexOf(dependency), `${dependency} before ${workspace}`).to.be.lessThan(position);
        }
        for (const workspace of needed)
          expect(runtimeStage()).to.include(`COPY --from=build /src/${workspace}/dist ./${workspace}/dist`);
        expect(runtimeStage()).to.include('COPY --from=build /src/api-docs ./api-docs');
        expect(dockerfile()).to.include(`RUN npm ci --omit=dev --workspace ${dir}\n`);
      });

      it('runs as a numeric non-root user on a slim Node LTS image (22 or 24), without HEALTHCHECK (Kubernetes probes)', () => {
        // Unpinned (a local build) or pinned by scripts/pin-node-image.sh; a release checks the latter.
        expect(dockerfile()).to.match(/^ARG NODE_IMAGE=node:(22|24)-bookworm-slim(@sha256:[0-9a-f]{64})?$/m);
        expect(runtimeStage()).to.match(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
        const user = /^USER (\d+)$/m.exec(runtimeStage());
        expect(Number(user?.[1])).to.be.greaterThan(0);
        expect(dockerfile()).to.not.match(/^HEALTHCHECK/m);
        expect(runtimeStage()).to.not.match(/apt-get|g\+\+/);
      });
    });
  }

  describe('scripts/pin-node-image.sh (on a copy of the Dockerfiles)', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`; // a stand-in: no registry is reachable here
    let copy: string;
    const run = (...args: string[]) =>
      spawnSync('sh', [path.join(repoRoot, 'scripts/pin-node-image.sh'), ...args], {
        env: { ...process.env, AGORA_ROOT: copy },
        encoding: 'utf8',
      });
    beforeEach(() => {
      copy = mkdtempSync(path.join(os.tmpdir(), 'agora-pin-'));
      for (const process of processes) {
        mkdirSync(path.join(copy, packageDir(process)), { recursive: true });
        copyFileSync(
          path.join(repoRoot, packageDir(process), 'Dockerfile'),
          path.join(copy, packageDir(process), 'Dockerfile'),
        );
      }
    });
    afterEach(() => rmSync(copy, { recursive: true, force: true }));
    const images = () =>
      processes.map(
        (p) => /^ARG NODE_IMAGE=(.*)$/m.exec(readFileSync(path.join(copy, packageDir(p), 'Dockerfile'), 'utf8'))![1],
      );

    it('refuses a release of Dockerfiles that name the base image by tag alone', () => {
      for (const p of processes)
        writeFileSync(
          path.join(copy, packageDir(p), 'Dockerfile'),
          readFileSync(path.join(copy, packageDir(p), 'Dockerfile'), 'utf8').replace(
            /^ARG NODE_IMAGE=.*$/m,
            'ARG NODE_IMAGE=node:22-bookworm-slim',
          ),
        );
      const check = run('--check');
      expect(check.status).to.equal(1);
      expect(check.stderr).to.match(/not pinned by digest/);
    });

    it('pins every Dockerfile to tag@digest, after which the release check passes', () => {
      const tag = images()[0].split('@')[0];
      expect(run('--digest', digest).status).to.equal(0);
      expect(new Set(images())).to.deep.equal(new Set([`${tag}@${digest}`]));
      expect(run('--check').status).to.equal(0);
    });

    it('refuses a malformed digest and Dockerfiles that disagree', () => {
      expect(run('--digest', 'sha256:1234').status).to.equal(1);
      const auth = path.join(copy, 'services/auth/Dockerfile');
      writeFileSync(
        auth,
        readFileSync(auth, 'utf8').replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node:24-bookworm-slim'),
      );
      const check = run('--check');
      expect(check.status).to.equal(1);
      expect(check.stderr).to.match(/disagree/);
    });
  });

  it('keeps installed, built and local files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).to.include.members(['**/node_modules', '**/dist', '**/data', '.git', '**/.env']);
    expect(ignored).to.not.include('api-docs');
  });
});
