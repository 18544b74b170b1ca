/**
 * Bundles `agent.ts` into one plain `.mjs` file (esbuild) so each agent starts with
 * plain `node` in a few tens of milliseconds. The agent runs as root inside the run's
 * namespaces, so the bundle lives only in the private runtime directory (mode 0700,
 * checked on every use), keyed by a hash of the agent's sources so concurrent runs
 * share it, next to the SHA-256 of its content. Before each start the file is checked
 * (a regular file of ours, not writable by others) and its content hash verified: a
 * planted or altered agent is refused (`UnsafeRuntimeDirError`, exit 2), never run.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { refuse, runtimeDir } from '../lifecycle/runtime-dir.ts';

const SOURCES = [
  'agent.ts',
  'agent-io.ts',
  'agent-ping.ts',
  'agent-spoof.ts',
  'agent-l2.ts',
  'frames.ts',
  'protocol.ts',
].map((f) => fileURLToPath(new URL(f, import.meta.url)));

interface Bundle {
  readonly path: string;
  readonly sha256: string;
}

let cached: Promise<Bundle> | undefined;

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Reads `path` if it is a regular file of ours that nobody else can write; else refuses. */
function readOwnFile(path: string): Buffer {
  const stats = lstatSync(path);
  if (!stats.isFile()) refuse(path, 'it is not a regular file (a symbolic link?)');
  if (stats.uid !== (process.getuid?.() ?? 0)) refuse(path, `it is owned by uid ${stats.uid}`);
  if ((stats.mode & 0o022) !== 0) refuse(path, 'others may write it');
  return readFileSync(path);
}

/** Writes `data` to `path` through a private temporary file and a rename (atomic). */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, data, { mode: 0o600, flag: 'wx' });
  renameSync(partial, path);
}

function readIfPresent(path: string): Buffer | null {
  try {
    return readOwnFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function bundle(): Promise<Bundle> {
  const dir = runtimeDir();
  const key = sha256(Buffer.concat(SOURCES.map((file) => readFileSync(file)))).slice(0, 16);
  const path = join(dir, `agent-${key}.mjs`);
  const digestPath = `${path}.sha256`;
  const digest = readIfPresent(digestPath);
  const code = readIfPresent(path);
  if (digest !== null && code !== null) {
    const expected = digest.toString('utf8').trim();
    if (sha256(code) !== expected) refuse(path, 'its content does not match its recorded hash');
    return { path, sha256: expected };
  }
  const result = await build({
    entryPoints: [SOURCES[0] as string],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    write: false,
    logLevel: 'error',
  });
  const output = result.outputFiles[0]?.contents;
  if (output === undefined) throw new Error('esbuild produced no agent bundle');
  // The content first, then its hash: a reader never sees a hash without its file.
  writeAtomically(path, output);
  writeAtomically(digestPath, `${sha256(output)}\n`);
  return { path, sha256: sha256(output) };
}

/**
 * Path of the bundled agent, built on first use, checked and hash-verified on every
 * call (so right before each agent start). Rejects with `UnsafeRuntimeDirError` when
 * the runtime directory or the file is not safe to execute.
 */
export async function agentScript(): Promise<string> {
  cached ??= bundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  const { path, sha256: expected } = await cached;
  runtimeDir();
  if (sha256(readOwnFile(path)) !== expected) {
    refuse(path, 'its content changed since it was verified');
  }
  return path;
}
