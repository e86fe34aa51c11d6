import { unaryCases, unaryKnownValueCases } from '../cases/unary.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('unary ops', (backend) => {
  runCases(unaryCases, backend);
  runCases(unaryKnownValueCases, backend);
});
