#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace package into one closing line:
//
//   N passed, N failed
//
// Each package's `test` script runs `vitest run --reporter=json --outputFile.json=.vitest-report.json`,
// so after `pnpm test` every package (and example) that has a `test` script has a
// `.vitest-report.json`. This script prints one line per package, then the total as its last line.
// It exits 1 when a test failed, when a report says success=false (a suite that failed to load, or no
// test files), or when a package that has a `test` script left no report (its tests never ran, for
// example because a dependency's build failed).
//
//   node scripts/test-summary.mjs           print the summary
//   node scripts/test-summary.mjs --clean   delete the reports (run it before a test run, so that no
//                                           stale report stands in for a package that did not run)
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPORT = '.vitest-report.json';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Workspace package folders (packages/*, examples/*) with a package.json. */
function workspaceDirs() {
  const dirs = [];
  for (const group of ['packages', 'examples']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const dir = join(base, entry.name);
      if (entry.isDirectory() && existsSync(join(dir, 'package.json'))) dirs.push(dir);
    }
  }
  return dirs.sort();
}

function hasTestScript(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return typeof pkg.scripts?.test === 'string';
}

if (process.argv.includes('--clean')) {
  for (const dir of workspaceDirs()) rmSync(join(dir, REPORT), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const problems = [];

for (const dir of workspaceDirs()) {
  const name = relative(root, dir);
  const file = join(dir, REPORT);
  if (!existsSync(file)) {
    if (hasTestScript(dir)) problems.push(`${name}: no ${REPORT}; its tests did not run`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${name}: unreadable ${REPORT} (${error.message})`);
    continue;
  }
  reports++;
  const p = report.numPassedTests ?? 0;
  const f = report.numFailedTests ?? 0;
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  // Not in the "N passed, N failed" form, so that only the closing line reads as the total.
  console.log(`${name}: passed ${p}, failed ${f}, skipped ${s}`);
  if (report.success !== true) {
    problems.push(
      `${name}: vitest reported success=false${report.numTotalTests === 0 ? ' (no tests ran)' : ''}`,
    );
  }
}

if (reports === 0) problems.push(`no ${REPORT} found under packages/* or examples/*`);
for (const problem of problems) console.log(`problem: ${problem}`);
if (skipped > 0) console.log(`skipped in all: ${skipped} (not counted as passed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
