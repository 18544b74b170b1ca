/**
 * Process-wide registry of live dataplanes. On SIGINT/SIGTERM, or an uncaught error
 * nobody else handles, every registered dataplane is destroyed (agents killed,
 * namespaces deleted) before the process exits with the conventional code.
 */
import { killLiveCommands } from '../../harness/process/index.ts';

/** Something that must be torn down before the process goes away. */
export interface Destroyable {
  readonly label: string;
  destroy(): Promise<void>;
}

const live = new Set<Destroyable>();
let installed = false;
let exiting = false;

/** Answers true when it takes care of a first SIGINT/SIGTERM (and of exiting) itself. */
export type SignalInterceptor = (signal: 'SIGINT' | 'SIGTERM') => boolean;
let interceptor: SignalInterceptor | null = null;

/**
 * While set, a first SIGINT/SIGTERM goes to `handler`; when it answers true, nothing
 * is torn down and the caller finishes up (e.g. writes what it learned), releases
 * its dataplanes and exits. A second signal still tears down and exits at once.
 * Returns the function that removes the handler.
 */
export function interceptSignals(handler: SignalInterceptor): () => void {
  installHandlers();
  interceptor = handler;
  return () => {
    if (interceptor === handler) interceptor = null;
  };
}

/** How long teardown may take before the process exits anyway. */
const TEARDOWN_LIMIT_MS = 15_000;

/** Registers `item`; returns the function that unregisters it. */
export function registerForCleanup(item: Destroyable): () => void {
  installHandlers();
  live.add(item);
  return () => {
    live.delete(item);
  };
}

/**
 * True once a signal (or a fatal error) started tearing everything down: no new
 * dataplane may be created then, or it would outlive the process.
 */
export function exitingOnSignal(): boolean {
  return exiting;
}

/** Labels of what is currently registered (diagnostics and tests). */
export function registeredLabels(): string[] {
  return [...live].map((item) => item.label);
}

/** Destroys everything registered, concurrently; failures are reported, not thrown. */
export async function destroyRegistered(): Promise<void> {
  const items = [...live];
  live.clear();
  const results = await Promise.allSettled(items.map((item) => item.destroy()));
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      process.stderr.write(
        `netconform: cleanup of ${items[i]?.label} failed: ${String(result.reason)}\n`,
      );
    }
  });
}

function teardownThenExit(code: number): void {
  if (exiting) {
    process.exit(code); // a second signal: stop waiting
  }
  exiting = true;
  // Commands run in their own process groups, which a terminal's Ctrl-C misses.
  killLiveCommands();
  const limit = setTimeout(() => process.exit(code), TEARDOWN_LIMIT_MS);
  limit.unref();
  // Whatever registers while the first ones go (a build that was starting) goes too.
  void (async () => {
    while (live.size > 0) await destroyRegistered();
  })().finally(() => process.exit(code));
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM', code: number) => (): void => {
    if (!exiting && interceptor?.(signal) === true) return;
    teardownThenExit(code);
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));
  // Only when nobody else handles errors (a test runner does): then we own the exit.
  const fatal = (event: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    if (process.listenerCount(event) > 1) return;
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    teardownThenExit(1);
  };
  process.on('uncaughtException', fatal('uncaughtException'));
  process.on('unhandledRejection', fatal('unhandledRejection'));
}
