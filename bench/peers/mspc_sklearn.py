"""The scikit-learn peer of the MSPC benchmark (bench/mspc.bench.ts).

What a data scientist writes for PCA monitoring of Tennessee Eastman: autoscale the 500
training rows of d00 (mean and sample sd, as causeway does), sklearn PCA with A components,
then for the 21,120 rows of the 22 test files stacked in one array: scores, Hotelling T² =
sum(t² / explained_variance_), SPE = squared norm of the autoscaled residual, and the T² (F) and
SPE (Jackson-Mudholkar) limits at 99 %. Vectorised throughout; times are medians.

Usage: python3 mspc_sklearn.py TEP_DIR A OUT_PREFIX
Prints one JSON line: fit_ms, score_ms, score_cpu_ms (CPU time, all threads), rows, peak_rss_mb; writes OUT_PREFIX.t2 and
OUT_PREFIX.spe (float64, little-endian) for the comparison with causeway's numbers.
"""
import json
import os
import resource
import sys
import time

import numpy as np
from scipy import stats
from sklearn.decomposition import PCA


def median_ms(f, reps, clock=time.perf_counter):
    times = []
    for _ in range(reps):
        t0 = clock()
        f()
        times.append((clock() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    tep, a, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    train = np.loadtxt(os.path.join(tep, 'd00.dat')).T  # stored transposed (see the data README)
    test = np.vstack([np.loadtxt(os.path.join(tep, f'd{k:02d}_te.dat')) for k in range(22)])

    def fit():
        mean = train.mean(axis=0)
        sd = train.std(axis=0, ddof=1)
        pca = PCA(n_components=a, svd_solver='full').fit((train - mean) / sd)
        # Residual eigenvalues of the correlation matrix, for the SPE limit.
        resid = np.linalg.eigvalsh(np.cov((train - mean) / sd, rowvar=False))[::-1][a:]
        return mean, sd, pca, resid

    model = fit()
    n = train.shape[0]

    def score():
        mean, sd, pca, resid = model
        z = (test - mean) / sd
        t = pca.transform(z)  # sklearn centres by pca.mean_ (≈ 0 here) before projecting
        t2 = (t * t / pca.explained_variance_).sum(axis=1)
        e = z - pca.mean_ - t @ pca.components_
        spe = (e * e).sum(axis=1)
        t2_limit = a * (n - 1) * (n + 1) / (n * (n - a)) * stats.f.ppf(0.99, a, n - a)
        th1, th2, th3 = resid.sum(), (resid ** 2).sum(), (resid ** 3).sum()
        h0 = 1 - 2 * th1 * th3 / (3 * th2 * th2)
        zc = stats.norm.ppf(0.99)
        spe_limit = th1 * (zc * np.sqrt(2 * th2 * h0 * h0) / th1 + 1 + th2 * h0 * (h0 - 1) / (th1 * th1)) ** (1 / h0)
        return t2, spe, t2_limit, spe_limit

    fit_ms = median_ms(fit, 21)
    score_ms = median_ms(score, 21)
    # CPU time of the process (every BLAS thread): steadier than wall time on a shared machine.
    score_cpu_ms = median_ms(score, 21, time.process_time)
    t2, spe, _, _ = score()
    t2.astype('<f8').tofile(out + '.t2')
    spe.astype('<f8').tofile(out + '.spe')
    print(json.dumps({
        'fit_ms': fit_ms, 'score_ms': score_ms, 'score_cpu_ms': score_cpu_ms, 'rows': int(test.shape[0]),
        'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'sklearn': __import__('sklearn').__version__, 'numpy': np.__version__,
    }))


main()
