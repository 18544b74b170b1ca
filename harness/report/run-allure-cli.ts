/**
 * Turns an Allure results directory into one offline HTML file with the installed
 * Allure 3 CLI (`allure awesome RESULTS --single-file`), without its analytics tag.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../process/index.ts';
import { stripAnalytics } from './strip-analytics.ts';

export type AllureReportOutcome =
  | { readonly kind: 'written'; readonly file: string }
  | { readonly kind: 'failed'; readonly message: string };

const allureBin = fileURLToPath(new URL('../../node_modules/.bin/allure', import.meta.url));

/** Runs `allure awesome` on `resultsDir` and writes its single HTML file to `outFile`. */
export async function generateAllureReport(
  resultsDir: string,
  outFile: string,
  reportName = 'netconform',
): Promise<AllureReportOutcome> {
  if (!existsSync(resultsDir))
    return {
      kind: 'failed',
      message: `${resultsDir}: no such directory; run \`netconform run\` or \`report merge\` first, or pass --results DIR`,
    };
  if (!existsSync(allureBin))
    return {
      kind: 'failed',
      message: `the Allure CLI is not installed (${allureBin}); run npm install`,
    };
  const work = await mkdtemp(join(tmpdir(), 'netconform-allure-'));
  try {
    const result = await runCommand(
      // `env` because runCommand takes no environment; allure2-style plugins honour it.
      [
        'env',
        'ALLURE_NO_ANALYTICS=true',
        process.execPath,
        allureBin,
        'awesome',
        resultsDir,
        '--single-file',
        '--output',
        work,
        '--report-name',
        reportName,
      ],
      { timeoutMs: 300_000 },
    );
    if (result.kind !== 'exited' || result.code !== 0) {
      const detail =
        result.kind === 'spawn-failed'
          ? result.message
          : `${result.kind === 'timeout' ? 'timed out' : `exit ${result.code}`}: ${result.stderr.trim() || result.stdout.trim()}`;
      return { kind: 'failed', message: `allure awesome failed: ${detail}` };
    }
    const html = (await readdir(work)).find((f) => f.endsWith('.html'));
    if (html === undefined)
      return { kind: 'failed', message: `allure awesome wrote no HTML file in ${work}` };
    const stripped = stripAnalytics(await readFile(join(work, html), 'utf8'));
    if (stripped.kind === 'unknown-tracker')
      return {
        kind: 'failed',
        message:
          'the Allure report references an analytics tracker netconform cannot remove; not writing it',
      };
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, stripped.html);
    return { kind: 'written', file: outFile };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
