import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The services the aggregator calls, each through a client typed from its spec. */
export const CLIENT_SPECS = ['auth', 'inventory', 'orders', 'payments'] as const;

/**
 * Every generated types file: the aggregator's clients (`data-access/generated/`) and each
 * process's own handlers (`api/generated/`, the types `spec.validate('op')` gives a handler).
 * A handler sees a request as sent, so there a field with a default stays optional (the
 * validator fills in no defaults).
 */
export const GENERATED_TYPES: ReadonlyArray<{ spec: string; file: string; handlers: boolean }> = [
  ...CLIENT_SPECS.map((service) => ({
    spec: service,
    file: `aggregator/src/data-access/generated/${service}.ts`,
    handlers: false,
  })),
  ...CLIENT_SPECS.map((service) => ({
    spec: service,
    file: `services/${service}/src/api/generated/${service}.ts`,
    handlers: true,
  })),
  { spec: 'public', file: 'aggregator/src/api/generated/public.ts', handlers: true },
  { spec: 'aggregator-internal', file: 'aggregator/src/api/generated/aggregator-internal.ts', handlers: true },
];

type Target = (typeof GENERATED_TYPES)[number];

/** The TypeScript types of api-docs/<spec>.yaml, as the target file holds them. */
export async function generateTypes({ spec, handlers }: Pick<Target, 'spec' | 'handlers'>): Promise<string> {
  const ast = await openapiTS(pathToFileURL(path.join(ROOT, `api-docs/${spec}.yaml`)), {
    silent: true,
    ...(handlers ? { defaultNonNullable: false } : {}),
  });
  const header = handlers
    ? `// Regenerate with \`npm run generate:clients\` after editing api-docs/${spec}.yaml.\n\n`
    : '';
  return `${COMMENT_HEADER}${header}${astToString(ast)}`;
}

function committed(file: string): string | undefined {
  try {
    return readFileSync(path.join(ROOT, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The generated files (relative to the repository) that are missing or not what their spec generates now. */
export async function staleGeneratedTypes(): Promise<string[]> {
  const stale: string[] = [];
  for (const target of GENERATED_TYPES)
    if (committed(target.file) !== (await generateTypes(target))) stale.push(target.file);
  return stale;
}

// `generate-clients.ts` writes the types; `generate-clients.ts --check` only compares.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const stale = await staleGeneratedTypes();
    if (stale.length > 0) {
      console.error(`Stale generated types (${stale.join(', ')}): run \`npm run generate:clients\` and commit them.`);
      process.exit(1);
    }
  } else {
    for (const target of GENERATED_TYPES) {
      mkdirSync(path.dirname(path.join(ROOT, target.file)), { recursive: true });
      writeFileSync(path.join(ROOT, target.file), await generateTypes(target));
    }
  }
}
