/**
 * The probe agent's command line. The Node agent: `agent.ts` bundled into one plain
 * `.mjs` file (esbuild) so each agent starts with plain `node`. The Python agent
 * (`agent.py`, standard library only): copied as is. `NETCONFORM_AGENT` (`node` or
 * `python`, see `agent-kind.ts`) chooses. The agent runs as root inside the run's
 * namespaces, so the bundle lives only in the private runtime directory (mode 0700,
 * checked on every use), keyed by a hash of the agent's sources so concurrent runs
 * share it, next to the SHA-256 of its content. Before each start the file is checked
 * (a regular file of ours, not writable by others) and its content hash verified: a
 * planted or altered agent is refused (`UnsafeRuntimeDirError`, exit 2), never run.
 */
import { agentKind, PYTHON, type AgentKind } from './agent-kind.ts';
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
const PYTHON_SOURCE = fileURLToPath(new URL('agent.py', import.meta.url));

interface Bundle {
  readonly path: string;
  readonly sha256: string;
}

/** Which file an agent kind runs: the hub is `agent.py` too. */
type AgentFile = 'node' | 'python';
const fileOf = (kind: AgentKind): AgentFile => (kind === 'node' ? 'node' : 'python');

const cached = new Map<AgentFile, Promise<Bundle>>();

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

async function bundle(kind: AgentFile): Promise<Bundle> {
  const dir = runtimeDir();
  const sources = kind === 'node' ? SOURCES : [PYTHON_SOURCE];
  const key = sha256(Buffer.concat(sources.map((file) => readFileSync(file)))).slice(0, 16);
  const path = join(dir, `agent-${key}.${kind === 'node' ? 'mjs' : 'py'}`);
  const digestPath = `${path}.sha256`;
  const digest = readIfPresent(digestPath);
  const code = readIfPresent(path);
  if (digest !== null && code !== null) {
    const expected = digest.toString('utf8').trim();
    if (sha256(code) !== expected) refuse(path, 'its content does not match its recorded hash');
    return { path, sha256: expected };
  }
  const output = kind === 'node' ? await esbuild(path) : readFileSync(PYTHON_SOURCE);
  // The content first, then its hash: a reader never sees a hash without its file.
  writeAtomically(path, output);
  writeAtomically(digestPath, `${sha256(output)}\n`);
  return { path, sha256: sha256(output) };
}

async function esbuild(path: string): Promise<Uint8Array> {
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
  return output;
}

/**
 * Path of the `kind` agent's file (default: `agentKind()`'s), built on first use,
 * checked and hash-verified on every call (so right before each agent start). Rejects
 * with `UnsafeRuntimeDirError` when the runtime directory or the file is not safe to
 * execute.
 */
export async function agentScript(kind: AgentKind = agentKind()): Promise<string> {
  const file = fileOf(kind);
  let pending = cached.get(file);
  if (!pending) {
    pending = bundle(file).catch((error: unknown) => {
      cached.delete(file);
      throw error;
    });
    cached.set(file, pending);
  }
  const { path, sha256: expected } = await pending;
  runtimeDir();
  if (sha256(readOwnFile(path)) !== expected) {
    refuse(path, 'its content changed since it was verified');
  }
  return path;
}

/**
 * The argv that starts one agent of `kind` (default: `agentKind()`, from `$NETCONFORM_AGENT`),
 * its file verified as by `agentScript`. Python runs isolated (`-I -S`: no user site,
 * no environment variables, no site imports); a hub gets `--hub`.
 */
export async function agentCommand(kind: AgentKind = agentKind()): Promise<readonly string[]> {
  const script = await agentScript(kind);
  if (kind === 'node') return [process.execPath, script];
  return kind === 'hub' ? [PYTHON, '-I', '-S', script, '--hub'] : [PYTHON, '-I', '-S', script];
}
