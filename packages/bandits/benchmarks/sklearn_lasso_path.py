"""Times scikit-learn's lasso_path on data written by lasso-path.bench.ts (same machine, same data).

Usage: /usr/bin/python3 sklearn_lasso_path.py <prefix> <n> <d> <runs> <n_alphas> <eps> [warmup]
Reads <prefix>.X.f64 (row-major float64 n x d) and <prefix>.y.f64; prints one JSON object on stdout.
With warmup = 1, one untimed call runs first (the benchmark interleaves single timed runs of both sides).
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import lasso_path


def main():
    prefix, n, d, runs, n_alphas, eps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    warmup = len(sys.argv) > 7 and sys.argv[7] == "1"
    # row-major, as the JavaScript side receives it (scikit-learn converts internally, inside the timing)
    X = np.fromfile(prefix + ".X.f64", dtype="<f8").reshape(n, d)
    y = np.fromfile(prefix + ".y.f64", dtype="<f8")
    times = []
    cpu = []
    alphas = coefs = None
    if warmup:
        lasso_path(X, y, n_alphas=n_alphas, eps=eps)
    for _ in range(runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        alphas, coefs, gaps = lasso_path(X, y, n_alphas=n_alphas, eps=eps)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # objective (1/2n)||y - Xw||^2 + alpha ||w||_1 at every alpha
    R = y[:, None] - X @ coefs
    obj = 0.5 * (R * R).sum(axis=0) / n + alphas * np.abs(coefs).sum(axis=0)
    print(json.dumps({
        "library": "scikit-learn",
        "version": sklearn.__version__,
        "numpy": np.__version__,
        "times_s": times,
        "median_s": float(np.median(times)),
        "cpu_s": cpu,
        "median_cpu_s": float(np.median(cpu)),
        "alphas": alphas.tolist(),
        "objectives": obj.tolist(),
        "nnz": (coefs != 0).sum(axis=0).tolist(),
        "precompute": "auto (Gram when n > d)",
    }))


if __name__ == "__main__":
    main()
