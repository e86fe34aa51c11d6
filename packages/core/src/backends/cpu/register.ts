/**
 * Registers the `cpu` backend and its kernels: the only side-effect module of the cpu backend.
 *
 * @module
 */
import { engine } from '../../engine.js';
import { CpuBackend } from './cpu-backend.js';
import './kernels/elementwise.js';
import './kernels/layout.js';
import './kernels/matmul.js';
import './kernels/norm.js';
import './kernels/reduce.js';
import './kernels/select.js';

engine.registerBackend('cpu', () => new CpuBackend(), 1);
