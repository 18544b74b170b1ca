/**
 * The built-in `neutron-iptables` driver: OpenStack neutron's real IptablesFirewallDriver
 * (Debian's python3-neutron, unmodified) behind a thin Python adapter run in serve mode
 * (`neutron-iptables.py` beside this file; docs/drivers.md, "neutron-iptables").
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import type { FirewallDriver } from '../../../harness/dataplane/index.ts';
import { EXEC_TIMEOUT_ENV, createExecDriver } from '../exec/index.ts';

/** The adapter program (Debian's /usr/bin/python3). */
export const NEUTRON_ADAPTER = fileURLToPath(new URL('./neutron-iptables.py', import.meta.url));
/** The one command that installs what the driver needs. */
export const NEUTRON_SETUP_COMMAND = `sudo bash ${fileURLToPath(
  new URL('../../../scripts/setup-neutron.sh', import.meta.url),
)}`;
/** A file python3-neutron installs: its presence is the cheap check before a run. */
const NEUTRON_MARKER = '/usr/lib/python3/dist-packages/neutron/agent/linux/iptables_firewall.py';
/**
 * Limit per request: the first one imports neutron (5-7 s of CPU, half a minute on a
 * loaded machine) before it programs anything. $NETCONFORM_DRIVER_TIMEOUT_MS wins.
 */
const NEUTRON_TIMEOUT_MS = 120_000;

/** Whether Debian's python3-neutron is installed. */
export function neutronInstalled(): boolean {
  return existsSync(NEUTRON_MARKER) && existsSync('/usr/bin/python3');
}

/**
 * Creates the driver; throws a `UsageError` (exit 2, before anything is built) naming
 * the setup command when python3-neutron is missing.
 */
export function createNeutronDriver(): FirewallDriver {
  if (!neutronInstalled()) {
    throw new UsageError(
      `driver neutron-iptables needs Debian's python3-neutron, which is not installed. ` +
        `Install it (once, a few minutes) with: ${NEUTRON_SETUP_COMMAND}`,
    );
  }
  const fromEnv = process.env[EXEC_TIMEOUT_ENV];
  return createExecDriver(NEUTRON_ADAPTER, {
    serve: true,
    ...(fromEnv === undefined || fromEnv === '' ? { timeoutMs: NEUTRON_TIMEOUT_MS } : {}),
  });
}
