/** One-line, human-readable descriptions of steps, expectations and observations. */
import type { Rule, Step } from '../../spec/index.ts';
import type { ExpectationRecord, ObservationRecord } from '../runner/step-record.ts';

const target = (protocol: string, port: number | undefined): string =>
  protocol === 'icmp' || port === undefined ? protocol : `${protocol}/${port}`;

function describeRule(rule: Rule): string {
  const ports = rule.ports === undefined ? '' : ` ${rule.ports}`;
  const remote = 'cidr' in rule.remote ? rule.remote.cidr : `group ${rule.remote.group}`;
  return `${rule.direction} ${rule.protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${remote}`;
}

/** `probe web -> db tcp/5432`, `addRule web: ingress tcp 80 from 0.0.0.0/0`, ... */
export function describeStep(step: Step): string {
  switch (step.op) {
    case 'addRule':
    case 'removeRule':
      return `${step.op} ${step.group}: ${describeRule(step.rule)}`;
    case 'attachGroup':
    case 'detachGroup':
      return `${step.op} ${step.group} ${step.op === 'attachGroup' ? 'to' : 'from'} ${step.instance}`;
    case 'open':
      return `open ${step.flow}: ${step.from} -> ${step.to} ${target(step.protocol, step.port)}`;
    case 'send':
      return `send ${step.flow} ${step.direction}`;
    case 'close':
      return `close ${step.flow}`;
    case 'probe':
      return `probe ${step.from} -> ${step.to} ${target(step.protocol, step.port)}`;
    case 'spoof':
      return `spoof ${step.from} -> ${step.to} udp/${step.port} as ${step.spoofedSource}`;
  }
}

const delivery = (delivered: boolean, seenFrom: string | null): string =>
  delivered ? (seenFrom === null ? 'delivered' : `delivered from ${seenFrom}`) : 'blocked';

/** What the model expects, in a few words. */
export function describeExpectation(expectation: ExpectationRecord): string {
  if (expectation.kind === 'traffic') return delivery(expectation.delivered, expectation.seenFrom);
  return expectation.kind;
}

/** What the dataplane observed, in a few words; `-` when nothing ran. */
export function describeObservation(observation: ObservationRecord | null): string {
  if (observation === null) return '-';
  if (observation.kind === 'inconclusive') return `inconclusive (${observation.reason})`;
  return delivery(observation.delivered, observation.seenFrom);
}
