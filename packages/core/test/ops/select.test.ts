import { castCases, clipCases, whereCases } from '../cases/select.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('where, clip and cast', (backend) => {
  runCases(whereCases, backend);
  runCases(clipCases, backend);
  runCases(castCases, backend);
});
