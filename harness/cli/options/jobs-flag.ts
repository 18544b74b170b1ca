/**
 * `--jobs N`: scenarios in flight at once. The default comes from the machine: six jobs
 * per core, because a job mostly waits (the late-arrival audit watches each scenario's
 * blocked probes until their probe timeout, which costs no CPU) and a scenario costs
 * ~0.13 core-seconds (docs/bench.md: 8 jobs left the two cores half idle, 12 gave 15 %
 * more scenarios/s, 16 little more); each job holds up to two dataplanes (the one in
 * use and the next one built ahead), so memory caps it too. See docs/cli.md.
 */
import { availableParallelism, freemem } from 'node:os';
import { parseIntegerFlag } from './parse-flags.ts';

/** Upper bound of `--jobs`. */
export const MAX_JOBS = 32;
/** Jobs per core in the default. */
export const JOBS_PER_CORE = 6;
/** Memory set aside per job in the default (two dataplanes with their probe agents). */
export const MEMORY_PER_JOB_MB = 512;
/** Upper bound of the default (more rarely pays on one machine's kernel). */
export const DEFAULT_JOBS_CAP = 12;

/** The machine facts the default is chosen from. */
export interface MachineFacts {
  readonly cores: number;
  readonly freeMemoryMb: number;
}

/** This machine's cores and free memory. */
export const machineFacts = (): MachineFacts => ({
  cores: availableParallelism(),
  freeMemoryMb: Math.floor(freemem() / 2 ** 20),
});

/** The default: 6 per core, at most one per 512 MiB free, between 1 and 12. */
export function defaultJobs(facts: MachineFacts = machineFacts()): number {
  const byCores = JOBS_PER_CORE * facts.cores;
  const byMemory = Math.floor(facts.freeMemoryMb / MEMORY_PER_JOB_MB);
  return Math.max(1, Math.min(byCores, byMemory, DEFAULT_JOBS_CAP));
}

/** Sets the default of `--jobs` (a machine shared with other work, such as a CI runner). */
export const JOBS_ENV = 'NETCONFORM_JOBS';

/** `--jobs N` (1..32); when absent `$NETCONFORM_JOBS` (1..32), else the machine's default. */
export function parseJobsFlag(raw: string | undefined, facts?: MachineFacts): number {
  const range = { min: 1, max: MAX_JOBS };
  if (raw !== undefined) return parseIntegerFlag('--jobs', raw, range);
  const fromEnv = process.env[JOBS_ENV];
  if (fromEnv === undefined || fromEnv === '') return defaultJobs(facts);
  return parseIntegerFlag(JOBS_ENV, fromEnv, range);
}

/** Help text of `--jobs`, naming this machine's default. */
export const jobsHelp = (): string =>
  `scenarios in flight at once, each on its own dataplane (default: ${JOBS_PER_CORE} per core, at most one ` +
  `per ${MEMORY_PER_JOB_MB} MiB free, 1..${DEFAULT_JOBS_CAP}; here ${defaultJobs()}; $${JOBS_ENV} overrides it)`;
