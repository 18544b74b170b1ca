/** Small formatting helpers shared by the renderers (plain text, unescaped). */
import type { ColumnResult, DriverErrorView, ShardView } from './report-data.ts';

/** `850 ms`, `12.4 s`, `3 min 20 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `1/3, 2/3, 3/3`, or `unsharded`. */
export function formatShards(shards: readonly ShardView[]): string {
  return shards.length === 0 ? 'unsharded' : shards.map((s) => `${s.index}/${s.count}`).join(', ');
}

/** `n steps` with the right plural. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The shards line of a column, noting missing shards. */
export function shardNote(column: ColumnResult): string {
  const base = formatShards(column.shards);
  return column.missingShards.length === 0
    ? base
    : `${base} (incomplete: shard ${column.missingShards.join(', ')} missing)`;
}

/** Where a driver error happened, in words. */
export function driverErrorPlace(error: DriverErrorView): string {
  const at = error.step === null ? 'the initial state' : `step ${error.step + 1}`;
  return `run ${error.runIndex} at ${at}`;
}
