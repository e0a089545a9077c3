// Generates the typed PropertyMe client from the published Swagger 2.0 contract.
//
// Usage: npm run generate [-- --spec PATH_OR_URL] [--out DIR]
//
// Why a generator of our own: PropertyMe's contract comes from ServiceStack and bends Swagger 2.0.
// It lists request fields one by one as `in: body` parameters and declares several path
// placeholders `in: query`, and its int64 values exceed what a JavaScript number holds. The package
// also needs camelCase models with generated mapping to and from the wire's PascalCase. General
// generators target standard contracts and keep the wire's names, so this small generator emits
// exactly what the client needs: models, field tables and readers, JSON Schemas and one typed
// method per operation.
// NOTE: no general-purpose generator was run against this contract for comparison.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFiles } from './generator/generate-files.js';
import { loadContract } from './generator/contract.js';

export const DEFAULT_SPEC = '../shared/propertyme/openapi.json';
export const DEFAULT_OUT = 'src/api/generated';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string', default: DEFAULT_SPEC },
      out: { type: 'string', default: DEFAULT_OUT },
    },
  });
  const document = await loadContract(values.spec!);
  const files = generateFiles(document);

  const outDir = resolve(values.out!);
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(outDir, name), content);
  }
  console.log(`Wrote ${Object.keys(files).length} files to ${values.out} from ${values.spec}`);
}

try {
  await main();
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? `no contract file at ${(error as NodeJS.ErrnoException).path}` : (error as Error).message;
  console.error(`generate: ${reason}. Pass the contract with --spec PATH_OR_URL; PropertyMe serves it at https://app.propertyme.com/api/openapi.json.`);
  process.exitCode = 1;
}
