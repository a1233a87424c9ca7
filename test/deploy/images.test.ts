import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
    for (const dir of candidates) if (existsSync(path.join(repoRoot, dir, 'package.json'))) dirs.set(readJson(`${dir}/package.json`).name, dir);
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

      it('compiles the workspaces the package needs, dependencies first, and copies their output and the specs', () => {
        const needed = runtimeWorkspaces(dir, dirs);
        const built = /for ws in ([^;]+); do npx tsc -p "\$ws\/tsconfig\.build\.json"; done/.exec(dockerfile());
        expect(built, 'a tsc loop over the workspaces').to.not.equal(null);
        const order = built![1].trim().split(/\s+/);
        expect(order.slice().sort()).to.deep.equal([...needed].sort());
        for (const [position, workspace] of order.entries()) {
          for (const dependency of workspaceDependencies(workspace, dirs)) expect(order.indexOf(dependency), `${dependency} before ${workspace}`).to.be.lessThan(position);
        }
        for (const workspace of needed) expect(runtimeStage()).to.include(`COPY --from=build /src/${workspace}/dist ./${workspace}/dist`);
        expect(runtimeStage()).to.include('COPY --from=build /src/api-docs ./api-docs');
        expect(dockerfile()).to.include(`RUN npm ci --omit=dev --workspace ${dir}\n`);
      });

      it('runs as a numeric non-root user on a slim Node 20 image, without HEALTHCHECK (Kubernetes probes)', () => {
        expect(dockerfile()).to.match(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
        expect(runtimeStage()).to.match(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
        const user = /^USER (\d+)$/m.exec(runtimeStage());
        expect(Number(user?.[1])).to.be.greaterThan(0);
        expect(dockerfile()).to.not.match(/^HEALTHCHECK/m);
        expect(runtimeStage()).to.not.match(/apt-get|g\+\+/);
      });
    });
  }

  it('keeps installed, built and local files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).to.include.members(['**/node_modules', '**/dist', '**/data', '.git', '**/.env']);
    expect(ignored).to.not.include('api-docs');
  });
});
