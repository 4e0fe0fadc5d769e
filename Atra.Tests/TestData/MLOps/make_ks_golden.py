# Regenerates ks_golden.json.gz: scipy.stats.ks_2samp (two-sided, method 'auto') and a numpy PSI on fixed samples.
# Run with /usr/bin/python3 (scipy 1.10); the tests only read the JSON.
import gzip
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261206)

def psi(ref, cur):
    edges = []
    for q in range(1, 10):
        e = float(np.quantile(ref, q / 10.0))
        if not edges or e > edges[-1]:
            edges.append(e)
    def shares(v):
        idx = np.searchsorted(np.array(edges), v, side='left')
        counts = np.bincount(idx, minlength=len(edges) + 1).astype(float)
        return counts / len(v)
    r = np.maximum(shares(ref), 1e-4)
    c = np.maximum(shares(cur), 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))

cases = []
def add(name, a, b):
    a = np.round(np.asarray(a, dtype=float), 4); b = np.round(np.asarray(b, dtype=float), 4)
    res = stats.ks_2samp(a, b)
    cases.append({"name": name, "a": [float(x) for x in a], "b": [float(x) for x in b],
                  "statistic": float(res.statistic), "p_value": float(res.pvalue), "psi": psi(np.array(a), np.array(b))})

add("normal-equal-small", rng.normal(0, 1, 40), rng.normal(0, 1, 55))
add("normal-shifted-small", rng.normal(0, 1, 30), rng.normal(0.8, 1, 25))
add("normal-shift-medium", rng.normal(0, 1, 400), rng.normal(0.15, 1, 300))
add("same-size", rng.normal(0, 1, 200), rng.normal(0, 1.3, 200))
add("ties-integers", rng.integers(0, 5, 120).astype(float), rng.integers(0, 6, 90).astype(float))
add("binary", rng.integers(0, 2, 150).astype(float), (rng.random(130) < 0.7).astype(float))
add("lognormal-vs-gamma", rng.lognormal(0, 0.5, 800), rng.gamma(4, 0.28, 700))
add("tiny", rng.normal(0, 1, 8), rng.normal(1, 1, 6))
add("large-asymptotic", rng.normal(0, 1, 12000), rng.normal(0.03, 1, 11000))
add("large-asymptotic-same", rng.normal(0, 1, 10500), rng.normal(0, 1, 15000))
json.dump({"scipy": __import__("scipy").__version__, "cases": cases}, gzip.open("ks_golden.json.gz", "wt"))
print(len(cases), "cases")
for c in cases: print(c["name"], len(c["a"]), len(c["b"]), c["statistic"], c["p_value"], c["psi"])
