import { comparisonCases, logicalUnaryCases } from '../cases/compare.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('comparison and logical ops', (backend) => {
  runCases(comparisonCases, backend);
  runCases(logicalUnaryCases, backend);
});
