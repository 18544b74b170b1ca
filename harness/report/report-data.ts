/**
 * What every report renderer reads: one entry per matrix column (profile, driver,
 * backend), already merged across shards, plus optional mutation results. Renderers
 * depend on this shape only; `from-run-result.ts` adapts the runner's `run-result.json`.
 */
import type { MutationResult } from '../mutation/mutation-result.ts';
import type { StepRow } from '../repro/steps-table.ts';

/** One matrix column: the platform semantics, the implementation under test, the dataplane. */
export interface ColumnKey {
  readonly profile: string;
  readonly driver: string;
  readonly backend: string;
}

/** How many recorded steps named one requirement, and how they ended. */
export interface RequirementCounts {
  /** Steps whose expectation named the requirement (configuration steps included). */
  readonly steps: number;
  readonly agree: number;
  /** Confirmed disagreements blamed on the requirement. */
  readonly disagree: number;
  /** Confirmed disagreements it decided without being blamed for them. */
  readonly involved: number;
  readonly inconclusive: number;
  /** Time those steps took on the dataplane (JUnit `time`). */
  readonly elapsedMs: number;
}

/** A driver error that stopped a run (or one shard of it). */
export interface DriverErrorView {
  readonly runIndex: number;
  /** 0-based step index, or null when applying the scenario's initial state failed. */
  readonly step: number | null;
  readonly message: string;
  readonly stderr: string;
}

/** One row of a repro's step table: the shape every step table is built from. */
export type ReproRow = StepRow;

/** A minimal failing scenario, as the runner wrote it. */
export interface ReproView {
  /** Where the scenario file is (relative to the results directory or absolute). */
  readonly path: string | null;
  /** Requirements the disagreement is blamed on (their relaxation explains it). */
  readonly violated: readonly string[];
  /** Requirements that decided the disagreeing step's expectation without being blamed. */
  readonly involved: readonly string[];
  /** True when no single requirement explains the observation. */
  readonly undetermined: boolean;
  readonly replayCommand: string;
  readonly rows: readonly ReproRow[];
  /**
   * Shown as is when there are no structured rows: an older bundle's `steps.txt`, or
   * why the step table could not be read.
   */
  readonly tableText: string | null;
  /** The scenario itself, when the result carries it inline (attached to Allure). */
  readonly scenario: unknown;
}

/** Versions and host facts shown in the metadata section. */
export interface EnvironmentView {
  readonly netconform?: string;
  readonly node?: string;
  readonly kernel?: string;
  readonly nft?: string;
  readonly conntrack?: string;
  /** Where these facts were read: the run's host or the machine that built the report. */
  readonly collectedOn?: 'run' | 'report';
}

/** A shard as `index/count` (1-based index). */
export interface ShardView {
  readonly index: number;
  readonly count: number;
}

/**
 * The run's coverage targets (every requirement in each situation it distinguishes,
 * every configuration step effect, every rule-matching edge) and those no run reached.
 */
export interface CoverageTargetsView {
  readonly targets: number;
  readonly unmet: readonly string[];
}

/** One column's results, merged across the shards that produced it. */
export interface ColumnResult extends ColumnKey {
  readonly seed: number;
  /** Property runs (scenarios generated). */
  readonly runs: number;
  readonly scenarios: number;
  readonly steps: number;
  readonly inconclusiveSteps: number;
  readonly verdict: string;
  readonly durationMs: number;
  /** Shards merged into this column; empty for an unsharded run. */
  readonly shards: readonly ShardView[];
  /** Shards of `count` absent from the merge (an incomplete matrix). */
  readonly missingShards: readonly number[];
  readonly requirements: Readonly<Record<string, RequirementCounts>>;
  readonly repros: readonly ReproView[];
  /** Driver errors that stopped the run or one of its shards: never a pass. */
  readonly driverErrors: readonly DriverErrorView[];
  readonly startedAt: string | null;
  readonly environment: EnvironmentView;
  /** Absent for results written before runs recorded coverage. */
  readonly coverage?: CoverageTargetsView;
}

/**
 * The results of `netconform mutants` (one run, or its `--shard i/n` runs merged), with
 * each caught mutant's repro read from its own run directory.
 */
export interface MutationView {
  /** The mutation result; after a merge its mutants are the union and the score recomputed. */
  readonly result: Omit<MutationResult, 'shard'>;
  /** Repro of each caught mutant whose run directory was found, by mutant name. */
  readonly repros: Readonly<Record<string, ReproView>>;
  /** Mutant shards merged into this view (`1/1` for an unsharded run). */
  readonly shards: readonly ShardView[];
  /** Shards of `count` absent from the merge. */
  readonly missingShards: readonly number[];
}

/** Requirement catalogue entry as the report needs it (mirrors spec `Requirement`). */
export interface RequirementInfo {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
  readonly profiles: readonly string[];
  readonly area: string;
}

/** Everything a compliance report shows. */
export interface ReportData {
  readonly columns: readonly ColumnResult[];
  readonly catalogue: readonly RequirementInfo[];
  readonly mutation: MutationView | null;
  /** ISO time the report was generated (passed in: renderers read no clock). */
  readonly generatedAt: string;
  /** Report-level environment (versions of the machine that built the report). */
  readonly environment: EnvironmentView;
}

/** `safespring · reference · netns`: how a column is named everywhere. */
export function columnLabel(column: ColumnKey): string {
  return `${column.profile} · ${column.driver} · ${column.backend}`;
}

/** A key that identifies a column (for maps and file names). */
export function columnId(column: ColumnKey): string {
  return `${column.profile}/${column.driver}/${column.backend}`;
}
