"""The pandas peer of the features benchmarks (bench/network.bench.ts, bench/features.bench.ts).

What a data scientist writes to get phase features from a folder of the open folder format:
read the CSV files, keep the phase events, give each sample its tag's equipment, put samples
into phases with merge_asof (latest phase start on the equipment at or before the sample, kept
when before that phase's end), drop bad samples, and compute mean, sd, min, max, first, last
and n per tag × phase × lot with one groupby. Vectorised throughout, no Python loop over rows.

Usage: python3 features_pandas.py FOLDER OUT_CSV
FOLDER holds events.csv, tags.csv and the samples as continuous.csv or continuous/*.csv.
Prints one JSON line: read_s (parse the files), compute_s (context + features), total_s, groups,
samples, peak_rss_mb; writes the features to OUT_CSV (for the check against causeway's numbers).
"""
import glob
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd


def read(folder):
    events = pd.read_csv(os.path.join(folder, 'events.csv'), usecols=['type', 'name', 'lot', 'equipment', 'start', 'end'])
    tags = pd.read_csv(os.path.join(folder, 'tags.csv'), usecols=['tag', 'equipment'])
    files = sorted(glob.glob(os.path.join(folder, 'continuous', '*.csv'))) or [os.path.join(folder, 'continuous.csv')]
    samples = pd.concat(
        [pd.read_csv(f, usecols=['tag', 'time', 'value', 'quality'], dtype={'tag': 'category', 'quality': 'category', 'value': 'float64'}) for f in files],
        ignore_index=True,
    )
    samples['tag'] = samples['tag'].astype('category')
    samples['time'] = pd.to_datetime(samples['time'], utc=True, format='ISO8601' if pd.__version__ >= '2' else None)
    return events, tags, samples


def features(events, tags, samples):
    phases = events[(events['type'] == 'phase') & events['lot'].notna() & events['equipment'].notna() & events['end'].notna()].copy()
    phases['start'] = pd.to_datetime(phases['start'], utc=True)
    phases['end'] = pd.to_datetime(phases['end'], utc=True)
    phases = phases[phases['end'] > phases['start']].rename(columns={'name': 'phase'}).sort_values('start')
    good = samples['quality'].isin(['good', 'uncertain']).to_numpy() & np.isfinite(samples['value'].to_numpy())
    s = samples.loc[good, ['tag', 'time', 'value']]
    s = s.merge(tags, on='tag', how='inner', sort=False).sort_values('time', kind='stable')
    ctx = pd.merge_asof(s, phases[['equipment', 'start', 'end', 'lot', 'phase']], left_on='time', right_on='start', by='equipment', direction='backward')
    ctx = ctx[ctx['time'] < ctx['end']]
    out = ctx.groupby(['lot', 'phase', 'tag'], observed=True, sort=False)['value'].agg(['mean', 'std', 'min', 'max', 'first', 'last', 'count'])
    return out.reset_index()


def main():
    folder, out_csv = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    events, tags, samples = read(folder)
    t1 = time.perf_counter()
    result = features(events, tags, samples)
    t2 = time.perf_counter()
    result.to_csv(out_csv, index=False)
    print(json.dumps({
        'read_s': t1 - t0, 'compute_s': t2 - t1, 'total_s': t2 - t0, 'groups': int(len(result)), 'samples': int(len(samples)),
        'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'pandas': pd.__version__, 'numpy': np.__version__,
    }))


main()
