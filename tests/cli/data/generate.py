#!/usr/bin/env python3
"""Writes the synthetic measurement files of the CLI tests (planted truth plus
seeded noise). Run from this folder: python3 generate.py. Output is
deterministic (CPython's Mersenne Twister with fixed seeds).

compute-synthetic.csv   T_train = a (B + b) / (M + m) with a = 123.592, b = 16,
                        m = 215.07 and T_trans = k1 M^k2 with k1 = 1.36,
                        k2 = -0.533 (the first reference case), batches 16..128,
                        memory 512..3008 MB, 3 repeats, 1% Gaussian relative noise.
transfers-synthetic.csv seconds = 0.05 + size / (20 + M / 30) for uploads and
                        0.02 + size / (40 + M / 20) for downloads, memory 512,
                        1024, 2048 MB, 11 sizes 1..50 MB, 3 repeats, Gaussian
                        noise of 2 ms; the 1024 MB upload column's 20 MB point is planted
                        50% slow (an outlier).
compute-noisy.csv       the same law drowned in 40% noise (R^2 below 0.9).
compute-*.csv (small)   refusal cases: two memory sizes, one batch size, a zero
                        time and a non-finite time.
"""
import random


def compute_rows(seed, batches, memories, repeats, noise):
    rng = random.Random(seed)
    a, b, m, k1, k2 = 123.592, 16.0, 215.07, 1.36, -0.533
    rows = []
    for mem in memories:
        for batch in batches:
            for _ in range(repeats):
                train = a * (batch + b) / (mem + m) * (1 + noise * rng.gauss(0, 1))
                flatten = k1 * mem ** k2 * (1 + noise * rng.gauss(0, 1))
                rows.append(f"{batch},{mem},{train:.6g},{flatten:.6g}")
    return rows


def write(name, header, rows):
    with open(name, "w") as f:
        f.write(header + "\n" + "\n".join(rows) + "\n")


HEADER = "batch,memory_mb,train_seconds,flatten_seconds"
write("compute-synthetic.csv", HEADER,
      compute_rows(42, [16, 32, 64, 128], [512, 1024, 1536, 2048, 3008], 3, 0.01))
write("compute-two-memories.csv", HEADER, compute_rows(1, [16, 64], [1024, 2048], 2, 0.01))
write("compute-one-batch.csv", HEADER, compute_rows(2, [64], [512, 1024, 2048], 2, 0.01))
write("compute-zero-time.csv", HEADER,
      ["16,512,2.1,0.05", "64,512,0,0.05", "16,1024,1.2,0.03"])
write("compute-nan.csv", HEADER, ["16,512,2.1,0.05", "64,1024,nan,0.03"])
write("compute-noisy.csv", HEADER, compute_rows(3, [16, 64, 128], [512, 1024, 2048], 2, 0.4))

rng = random.Random(7)
rows = []
for direction, latency, base, per_mb in [("upload", 0.05, 20, 30), ("download", 0.02, 40, 20)]:
    for mem in [512, 1024, 2048]:
        for size in [1, 2, 4, 6, 8, 10, 15, 20, 30, 40, 50]:
            for _ in range(3):
                seconds = latency + size / (base + mem / per_mb)
                if direction == "upload" and mem == 1024 and size == 20:
                    seconds *= 1.5
                seconds += 0.002 * rng.gauss(0, 1)
                rows.append(f"{direction},{mem},{size},{seconds:.6g}")
write("transfers-synthetic.csv", "direction,memory_mb,size_mb,seconds", rows)
