import type { E2E } from '../harness.ts';
import { a11ySuite } from './a11y.suite.ts';
import { changesSuite } from './changes.suite.ts';
import { compareSuite } from './compare.suite.ts';
import { cspSuite } from './csp.suite.ts';
import { driveTimeSuite } from './drive-time.suite.ts';
import { findServiceSuite } from './find-service.suite.ts';
import { finderPhoneSuite } from './finder-phone.suite.ts';
import { importSuite } from './import.suite.ts';
import { layersSuite } from './layers.suite.ts';
import { planSuite } from './plan.suite.ts';
import { plannerSuite } from './planner.suite.ts';
import { smokeSuite } from './smoke.suite.ts';
import { urlSuite } from './url.suite.ts';
import { workspaceSuite } from './workspace.suite.ts';

/** Every end-to-end suite, run in this order by tests/e2e/run.ts. One line per suite file. */
export const SUITES: { name: string; run: (t: E2E) => Promise<void> }[] = [
  { name: 'map', run: smokeSuite },
  { name: 'planner', run: plannerSuite },
  { name: 'plan', run: planSuite },
  { name: 'compare', run: compareSuite },
  { name: 'workspace', run: workspaceSuite },
  { name: 'url', run: urlSuite },
  { name: 'find', run: findServiceSuite },
  { name: 'finder-phone', run: finderPhoneSuite },
  { name: 'layers', run: layersSuite },
  { name: 'a11y', run: a11ySuite },
  { name: 'import', run: importSuite },
  { name: 'csp', run: cspSuite },
  { name: 'drive', run: driveTimeSuite },
  { name: 'changes', run: changesSuite },
];
