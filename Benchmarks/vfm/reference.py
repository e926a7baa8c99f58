"""The same amount of work as laeval's comparison and value-for-money stages, in NumPy, for a
side-by-side timing (Benchmarks/vfm/run.sh): a joint multiplier bootstrap (Rademacher weight per
LA, 2,000 replicates) of K estimates' influence weights over n LAs, the composite and pairwise
differences, probability best; then a 10,000-draw PSA of the cost-benefit model (per treatment:
gamma cost, normal effect; triangular unit value and optimism bias; Green Book discounting over
D + B years). Inputs are random of laeval's sizes (K = 90 estimates, n = 153 LAs, 10
treatments): this times the work, it does not reproduce laeval's numbers.
Usage: python3 reference.py K N TREATMENTS REPLICATES DRAWS"""
import sys, time, json
import numpy as np

K, N, T, B, D = (int(x) for x in sys.argv[1:6])
rng = np.random.default_rng(1)
start = time.perf_counter()
weights = rng.normal(0, 0.01, size=(K, N))
signs = rng.choice([-1.0, 1.0], size=(B, N))
deviations = signs @ weights.T                      # B x K
composite = deviations.reshape(B, T, K // T).mean(axis=2)
best = np.bincount(composite.argmax(axis=1), minlength=T) / B
pairs = [(a, b) for a in range(T) for b in range(a + 1, T)]
diffs = np.stack([composite[:, a] - composite[:, b] for a, b in pairs], axis=1)
se = diffs.std(axis=0)
bootstrap_seconds = time.perf_counter() - start

start = time.perf_counter()
years = 5
factors = 1 / 1.035 ** np.arange(years)
results = {}
for t in range(T):
    cost = rng.gamma(shape=25, scale=4000, size=D)
    effect = rng.normal(0.1, 0.05, size=D)
    value = rng.triangular(31250, 62500, 93750, size=D)
    bias = rng.triangular(0, 20, 40, size=D)
    costs = np.outer(cost * (1 + bias / 100), (np.arange(years) < 3).astype(float))
    benefits = np.outer(value * effect, np.ones(years))
    npv = benefits @ factors - costs @ factors
    results[t] = (np.percentile(npv, [2.5, 97.5]), (npv > 0).mean())
psa_seconds = time.perf_counter() - start
print(json.dumps({"bootstrap_seconds": bootstrap_seconds, "psa_seconds": psa_seconds, "total_seconds": bootstrap_seconds + psa_seconds}))
