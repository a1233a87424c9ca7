import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The services the aggregator calls, each through a client typed from its spec. */
export const CLIENT_SPECS = ['auth', 'inventory', 'orders', 'payments'] as const;

const generatedFile = (service: string) => path.join(ROOT, `aggregator/src/data-access/generated/${service}.ts`);

/** The TypeScript types of api-docs/<service>.yaml, as the aggregator's generated/<service>.ts holds them. */
export async function generateClientTypes(service: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(path.join(ROOT, `api-docs/${service}.yaml`)), { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

/** The services whose committed types are not what their spec generates now. */
export async function staleClientTypes(): Promise<string[]> {
  const stale: string[] = [];
  for (const service of CLIENT_SPECS) if (readFileSync(generatedFile(service), 'utf8') !== (await generateClientTypes(service))) stale.push(service);
  return stale;
}

// `generate-clients.ts` writes the types; `generate-clients.ts --check` only compares.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const stale = await staleClientTypes();
    if (stale.length > 0) {
      console.error(`Stale generated client types (${stale.join(', ')}): run \`npm run generate:clients\` and commit them.`);
      process.exit(1);
    }
  } else {
    for (const service of CLIENT_SPECS) writeFileSync(generatedFile(service), await generateClientTypes(service));
  }
}
