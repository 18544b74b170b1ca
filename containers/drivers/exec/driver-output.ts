/**
 * The stdout contract of an external (`exec:`) driver. stdout is a machine channel:
 * every line is blank or one JSON object that reports an outcome (`applied`) or
 * carries a log message (`log`). Human-readable output belongs on stderr.
 */
import { z } from 'zod';

/** Severity of a driver log line (default `info`). */
export const DriverLogLevel = z.enum(['debug', 'info', 'warn', 'error']);

/**
 * One stdout line. Either key makes the line valid; both may appear. Extra keys are
 * allowed (ignored) so drivers can add their own fields such as timings.
 */
export const DriverOutputLine = z
  .looseObject({
    /** `true`: (part of) the state was applied; `false`: the driver reports a failure. */
    applied: z.boolean().optional(),
    /** A log message, forwarded to the harness's log. */
    log: z.string().optional(),
    level: DriverLogLevel.optional(),
    /** The host the line is about, if any. */
    host: z.string().optional(),
    /** Why `applied` is false (shown to the user). */
    message: z.string().optional(),
  })
  .refine((line) => line.applied !== undefined || line.log !== undefined, {
    message: 'a stdout line needs an "applied" (boolean) or a "log" (string) key',
  });

export type DriverLogLevel = z.infer<typeof DriverLogLevel>;
export type DriverOutputLine = z.infer<typeof DriverOutputLine>;

/** A log entry from a driver (or about it, e.g. a failed teardown). */
export interface DriverLogEntry {
  readonly level: DriverLogLevel;
  readonly message: string;
  readonly host?: string;
  /** `harness`: a message about the driver (e.g. its teardown failed), not from it. */
  readonly origin?: 'harness';
}

/** What a driver's stdout said, as data. */
export type ParsedDriverOutput =
  | {
      readonly kind: 'ok';
      readonly logs: readonly DriverLogEntry[];
      /** Lines with `"applied": false`: the driver says it failed even if it exited 0. */
      readonly failures: readonly DriverLogEntry[];
    }
  | {
      readonly kind: 'garbage';
      /** 1-based line number of the first offending line. */
      readonly lineNumber: number;
      readonly line: string;
      readonly problem: string;
    };

function problemOf(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const parsed = DriverOutputLine.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues
    .map((i) => (i.path.length > 0 ? `"${i.path.join('.')}": ${i.message}` : i.message))
    .join('; ');
}

/** Checks every stdout line against the contract and collects logs and reported failures. */
export function parseDriverOutput(stdout: string): ParsedDriverOutput {
  const logs: DriverLogEntry[] = [];
  const failures: DriverLogEntry[] = [];
  const lines = stdout.split('\n');
  for (const [index, raw] of lines.entries()) {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') continue;
    const problem = problemOf(text);
    if (problem !== null) return { kind: 'garbage', lineNumber: index + 1, line: text, problem };
    const line = DriverOutputLine.parse(JSON.parse(text));
    const host = line.host === undefined ? {} : { host: line.host };
    if (line.log !== undefined)
      logs.push({ level: line.level ?? 'info', message: line.log, ...host });
    if (line.applied === false) {
      failures.push({
        level: 'error',
        message: line.message ?? line.log ?? '(no message)',
        ...host,
      });
    }
  }
  return { kind: 'ok', logs, failures };
}
