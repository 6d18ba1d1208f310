// Prints the closing line of a test run from the reports the runners wrote:
// vitest's JSON report and the e2e runner's result file. Exits 1 when a
// report is missing or counts a failure.
import { existsSync, readFileSync } from 'node:fs';

const reports = [
  {
    name: 'vitest',
    file: 'tests/artifacts/vitest.json',
    read: (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) }),
  },
  { name: 'e2e', file: 'tests/artifacts/e2e-result.json', read: (r) => ({ passed: r.passed, failed: r.failed }) },
];
let passed = 0;
let failed = 0;
let missing = false;
for (const r of reports) {
  if (!existsSync(r.file)) {
    console.error(`missing test report ${r.file} (${r.name})`);
    missing = true;
    continue;
  }
  const counts = r.read(JSON.parse(readFileSync(r.file, 'utf8')));
  console.log(`${r.name}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing || passed === 0 ? 1 : 0);
