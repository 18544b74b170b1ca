/** Versions of this machine for the report's metadata: netconform, node, kernel, nft, conntrack. */
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { runCommand } from '../process/index.ts';
import type { EnvironmentView } from './report-data.ts';

async function firstLine(argv: readonly string[]): Promise<string | undefined> {
  const result = await runCommand(argv, { timeoutMs: 5000 });
  if (result.kind !== 'exited' || result.code !== 0) return undefined;
  return (result.stdout.trim() || result.stderr.trim()).split('\n')[0];
}

function netconformVersion(): string | undefined {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version?: string;
    };
    return pkg.version;
  } catch {
    return undefined;
  }
}

/** Reads the versions; tools that are missing are left out (shown as unknown). */
export async function collectEnvironment(collectedOn: 'run' | 'report'): Promise<EnvironmentView> {
  const [nft, conntrack] = await Promise.all([
    firstLine(['nft', '--version']),
    firstLine(['conntrack', '--version']),
  ]);
  const env: Record<string, string | undefined> = {
    netconform: netconformVersion(),
    node: process.version,
    kernel: release(),
    nft,
    conntrack,
  };
  const known = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  return { ...known, collectedOn };
}
