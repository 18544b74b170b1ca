/** The flags every command that drives a dataplane shares, declared once. */
import { Option, type Command } from 'commander';
import { backendNames } from './wiring.ts';
import { DRIVER_SPEC_FORMS } from '../../dataplane/driver-spec.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../repro/index.ts';

/**
 * Adds `--driver` (unless `driver: false`), `--backend`, `--plumbing` and
 * `--probe-timeout` to `command`.
 */
export function withDataplaneOptions(command: Command, { driver = true } = {}): Command {
  if (driver)
    command.option(
      '--driver <spec>',
      `firewall driver: ${DRIVER_SPEC_FORMS.join(', ')}`,
      'reference',
    );
  return command
    .addOption(
      new Option('--backend <name>', 'dataplane backend').choices(backendNames).default('netns'),
    )
    .option(
      '--plumbing <mode>',
      "routed, bridged or bridged:FLAVOUR (generic, neutron, cloudstack); default: the profile's",
    )
    .option(
      '--probe-timeout <ms>',
      'the longest a probe waits for its packet; a probe is called blocked after a shorter adaptive wait and watched until this (docs/cli.md, "Probe timeout")',
      String(DEFAULT_PROBE_TIMEOUT_MS),
    );
}
