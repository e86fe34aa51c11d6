import { binaryCases, binaryKnownValueCases, weakScalarCases } from '../cases/binary.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

describeBackends('binary ops', (backend) => {
  runCases(binaryCases, backend);
  runCases(binaryKnownValueCases, backend);
  runCases(weakScalarCases, backend);
});
