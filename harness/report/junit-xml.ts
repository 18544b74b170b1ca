/**
 * JUnit XML for CI systems: one `<testsuite>` per column (profile/driver/backend), one
 * `<testcase>` per requirement the profile enforces. Violated -> `<failure>` with the
 * repro's step table; inconclusive -> `<error>` (the probes failed, no verdict); not
 * exercised -> `<skipped>`; a driver error that stopped the run -> one more testcase with
 * an `<error>` carrying its message. A testcase's time is the time its steps took on the
 * dataplane. Mutation results add a suite with one testcase per mutant
 * (missed -> `<failure>`, driver error -> `<error>`). Pure: data in, string out.
 */
import { escapeXml as x } from './escape.ts';
import type { MutantOutcome } from '../mutation/mutation-result.ts';
import { columnId, type MutationView, type ReportData, type ReproView } from './report-data.ts';
import { driverErrorPlace } from './format.ts';
import { allRequirements, requirementStatus } from './requirement-status.ts';
import { reproText } from './text-table.ts';

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly timeS: number;
  readonly outcome:
    | { readonly kind: 'passed' }
    | {
        readonly kind: 'failure' | 'error' | 'skipped';
        readonly message: string;
        readonly text: string;
      };
}

interface Suite {
  readonly name: string;
  readonly timeS: number;
  readonly timestamp: string | null;
  readonly properties: readonly (readonly [string, string])[];
  readonly cases: readonly Case[];
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function caseXml(c: Case): string {
  const open = `    <testcase name="${x(c.name)}" classname="${x(c.classname)}" time="${c.timeS.toFixed(3)}"`;
  if (c.outcome.kind === 'passed') return `${open}/>`;
  const { kind, message, text } = c.outcome;
  const body =
    text === ''
      ? `<${kind} message="${x(message)}"/>`
      : `<${kind} message="${x(message)}" type="${kind}">${x(text)}</${kind}>`;
  return `${open}>\n      ${body}\n    </testcase>`;
}

function suiteXml(s: Suite): string {
  const count = (k: string) => s.cases.filter((c) => c.outcome.kind === k).length;
  const props = s.properties
    .map(([k, v]) => `      <property name="${x(k)}" value="${x(v)}"/>`)
    .join('\n');
  const stamp = s.timestamp === null ? '' : ` timestamp="${x(s.timestamp.replace(/Z$/, ''))}"`;
  return (
    `  <testsuite name="${x(s.name)}" tests="${s.cases.length}" failures="${count('failure')}" errors="${count('error')}" ` +
    `skipped="${count('skipped')}" time="${s.timeS.toFixed(3)}"${stamp}>\n    <properties>\n${props}\n    </properties>\n` +
    `${s.cases.map(caseXml).join('\n')}\n  </testsuite>`
  );
}

function suitesXml(name: string, suites: readonly Suite[]): string {
  const all = suites.flatMap((s) => s.cases);
  const count = (k: string) => all.filter((c) => c.outcome.kind === k).length;
  const time = suites.reduce((t, s) => t + s.timeS, 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${x(name)}" tests="${all.length}" failures="${count('failure')}" ` +
    `errors="${count('error')}" skipped="${count('skipped')}" time="${time.toFixed(3)}">\n${suites.map(suiteXml).join('\n')}\n</testsuites>\n`
  );
}

/** JUnit XML of a (merged) run result. */
export function renderJunitXml(data: ReportData): string {
  const suites = data.columns.map((column): Suite => {
    const classname = `netconform.${column.profile}.${column.driver}.${column.backend}`;
    const notExercised =
      column.driverErrors.length === 0
        ? 'not exercised'
        : 'not exercised: the run stopped on a driver error';
    const cases = allRequirements(data.catalogue, data.columns).flatMap((requirement): Case[] => {
      const status = requirementStatus(requirement, column);
      const name = `${requirement.id}: ${requirement.statement}`;
      const counts = 'counts' in status ? status.counts : null;
      const base = { name, classname, timeS: (counts?.elapsedMs ?? 0) / 1000 };
      switch (status.kind) {
        case 'not-applicable':
          return [];
        case 'verified':
          return [{ ...base, outcome: { kind: 'passed' } }];
        case 'violated':
          return [
            {
              ...base,
              outcome: {
                kind: 'failure',
                message: `${status.counts.disagree} confirmed disagreement(s) in ${status.counts.steps} step(s)`,
                text: status.repros.map(reproText).join('\n\n'),
              },
            },
          ];
        case 'inconclusive':
          return [
            {
              ...base,
              outcome: {
                kind: 'error',
                message: `inconclusive: all ${status.counts.inconclusive} step(s) failed to probe`,
                text: '',
              },
            },
          ];
        case 'not-exercised':
          return [{ ...base, outcome: { kind: 'skipped', message: notExercised, text: '' } }];
      }
    });
    const errors = column.driverErrors.map((error): Case => ({
      name: `driver error: ${column.driver} (${driverErrorPlace(error)})`,
      classname,
      timeS: 0,
      outcome: {
        kind: 'error',
        message: error.message,
        text:
          error.stderr.trim() === ''
            ? error.message
            : `${error.message}\n\nstderr:\n${error.stderr}`,
      },
    }));
    return {
      name: columnId(column),
      timeS: Number(seconds(column.durationMs)),
      timestamp: column.startedAt,
      properties: [
        ['profile', column.profile],
        ['driver', column.driver],
        ['backend', column.backend],
        ['seed', String(column.seed)],
        ['runs', String(column.runs)],
        ['shards', column.shards.map((s) => `${s.index}/${s.count}`).join(',') || 'unsharded'],
        ['verdict', column.verdict],
      ],
      cases: [...errors, ...cases],
    };
  });
  const mutants = data.mutation === null ? [] : [mutantsSuite(data.mutation)];
  return suitesXml('netconform', [...suites, ...mutants]);
}

function mutantCase(m: MutantOutcome, classname: string, repro: ReproView | undefined): Case {
  const base = { name: m.name, classname, timeS: m.durationMs / 1000 };
  if (m.status === 'caught') return { ...base, outcome: { kind: 'passed' } };
  if (m.status === 'driver-error')
    return {
      ...base,
      outcome: { kind: 'error', message: `driver error: ${m.driverError ?? ''}`, text: '' },
    };
  return {
    ...base,
    outcome: {
      kind: 'failure',
      message: `mutant missed: no confirmed disagreement in ${m.runsExecuted} runs (it should violate ${m.expectedRequirements.join(', ')})`,
      text: [m.origin, ...(repro === undefined ? [] : [reproText(repro)])].join('\n\n'),
    },
  };
}

/** The mutants suite: one testcase per mutant, a missed mutant is a failure. */
function mutantsSuite(view: MutationView): Suite {
  const r = view.result;
  const classname = `netconform.${r.profile}.mutants.${r.backend}`;
  return {
    name: `mutants/${r.profile}/${r.backend}`,
    timeS: r.durationMs / 1000,
    timestamp: r.startedAt,
    properties: [
      ['profile', r.profile],
      ['backend', r.backend],
      ['seed', String(r.seed)],
      ['budget', String(r.budget)],
      ['shards', view.shards.map((s) => `${s.index}/${s.count}`).join(',')],
      ['score', `${r.score.caught}/${r.score.total}`],
    ],
    cases: r.mutants.map((m) => mutantCase(m, classname, view.repros[m.name])),
  };
}
