/** What the runner reports while it works; the progress display renders it. */
export interface ProgressEvent {
  /** `running` generated scenarios, `shrinking` a failure, or `done`. */
  readonly phase: 'running' | 'shrinking' | 'done';
  /** Runs finished so far (this shard). */
  readonly done: number;
  /** Runs this shard owns. */
  readonly total: number;
  readonly disagreements: number;
  readonly inconclusive: number;
  /** Scenarios executed while shrinking (phase `shrinking`). */
  readonly shrinkCandidates: number;
  readonly elapsedMs: number;
}
