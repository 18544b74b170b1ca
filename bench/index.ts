/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in name order. Each module
 * exports `bench()`, which prints its own figures as `name: value unit (target)`.
 * Pass names to run a subset: `npm run bench -- model dataplane`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, '')}`);
  const module = (await import(pathToFileURL(join(dir, file)).href)) as {
    bench: () => Promise<void>;
  };
  await module.bench();
}
