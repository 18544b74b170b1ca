/**
 * Bundles `agent.ts` into one plain `.mjs` file (esbuild) cached under the temp
 * directory, keyed by a hash of the agent's sources, so each agent starts with plain
 * `node` in a few tens of milliseconds and concurrent runs share the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SOURCES = ['agent.ts', 'agent-io.ts', 'agent-ping.ts', 'agent-spoof.ts', 'protocol.ts'].map(
  (f) => fileURLToPath(new URL(f, import.meta.url)),
);

let cached: Promise<string> | undefined;

async function bundle(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(readFileSync(file));
  const out = join(tmpdir(), `netconform-agent-${hash.digest('hex').slice(0, 12)}.mjs`);
  if (existsSync(out)) return out;
  // Write aside then rename: another run may be bundling the same file right now.
  const partial = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [SOURCES[0] as string],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: partial,
    logLevel: 'error',
  });
  renameSync(partial, out);
  return out;
}

/** Path of the bundled agent, built on first use. */
export function agentScript(): Promise<string> {
  cached ??= bundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
