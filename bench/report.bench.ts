/**
 * Report figures for a 200-scenario result: generation time of the compliance page,
 * Allure results and JUnit XML, and their sizes. The run result is SYNTHETIC (200 runs
 * × 8 traffic steps from fixtures/synthetic-results.ts, one mutant column
 * with a repro, and a mutation section of 14 mutants, 13 caught with a repro), so no
 * root or dataplane is needed; the report code is the real one.
 */
import { RunResult } from '../harness/runner/index.ts';
import { requirements } from '../spec/requirements/index.ts';
import {
  buildAllureResults,
  columnFromRunResult,
  mergeColumns,
  mergeMutationResults,
  renderComplianceHtml,
  renderJunitXml,
  type ReportData,
} from '../harness/report/index.ts';
import { syntheticRunResult } from '../fixtures/index.ts';
import { ctReplyRepro } from '../fixtures/index.ts';
import { caught, loaded, missed, mutationResult } from '../fixtures/index.ts';

function mutationView() {
  const mutants = Array.from({ length: 14 }, (_, i) =>
    i === 13 ? missed(`m${i}`) : caught(`m${i}`, 500 + i * 300),
  );
  const merged = mergeMutationResults([loaded(mutationResult(mutants))]);
  if (merged.kind !== 'merged') throw new Error(merged.message);
  return merged.view;
}

function median(fn: () => void, repeat = 15): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeat / 2)]!;
}

const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KiB`;

/** Prints the figures. */
export async function bench(): Promise<void> {
  const result = syntheticRunResult({ runs: 200, stepsPerRun: 8 });
  const shards = [1, 2, 3].map((index) =>
    syntheticRunResult({ runs: 200, stepsPerRun: 8, shard: { index, count: 3 } }),
  );
  const mutant = columnFromRunResult(
    syntheticRunResult({ runs: 200, stepsPerRun: 8, driver: 'mutant:stateless' }),
    [ctReplyRepro],
  );
  const data: ReportData = {
    columns: [columnFromRunResult(result, []), mutant],
    catalogue: requirements,
    mutation: mutationView(),
    generatedAt: new Date().toISOString(),
    environment: {},
  };
  let html = '';
  let junit = '';
  let allureBytes = 0;
  const htmlMs = median(() => (html = renderComplianceHtml(data)));
  const allureMs = median(() => {
    allureBytes = buildAllureResults(data, () => crypto.randomUUID()).reduce(
      (n, f) => n + Buffer.byteLength(f.content),
      0,
    );
  });
  const junitMs = median(() => (junit = renderJunitXml(data)));
  const parseMs = median(() => {
    const columns = shards.map((s) => columnFromRunResult(s, []));
    mergeColumns(columns);
  });
  const runResultJson = JSON.stringify(result);
  const loadMs = median(() => RunResult.parse(JSON.parse(runResultJson)), 5);
  console.log(
    `report.input: 200 synthetic scenarios x 8 steps, 2 columns, 14 mutants; run-result.json ${kb(runResultJson)}`,
  );
  console.log(`report.load-run-result-ms: ${loadMs.toFixed(1)} ms (JSON.parse + zod)`);
  console.log(`report.compliance-html-ms: ${htmlMs.toFixed(2)} ms (target <= 200 ms)`);
  console.log(`report.compliance-html-size: ${kb(html)} (target <= 200 KiB)`);
  console.log(
    `report.allure-results-ms: ${allureMs.toFixed(2)} ms, ${(allureBytes / 1024).toFixed(1)} KiB`,
  );
  console.log(`report.junit-ms: ${junitMs.toFixed(2)} ms, ${kb(junit)}`);
  console.log(`report.merge-3-shards-ms: ${parseMs.toFixed(2)} ms`);
  await Promise.resolve();
}
