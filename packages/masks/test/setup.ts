// Every test file starts on the reference `cpu` backend (float64 references and gradient checks need it).
import { setBackend } from '@sparseland/core';

await setBackend('cpu');
