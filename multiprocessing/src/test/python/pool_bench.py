"""Python's multiprocessing.Pool on the same experiments as kit.multiprocessing.bench.PoolBenchmark.

Run by the Java benchmark when python3 is on the PATH (or on its own: python3 pool_bench.py [quick]).
Prints one figure per line, "name workers seconds", which the Java side reads and sets beside its own.
"""
import multiprocessing as mp
import statistics
import sys
import time

import numpy as np

QUICK = len(sys.argv) > 1 and sys.argv[1] == "quick"
# Collatz in pure Python is ~50x slower than the JIT: fewer numbers, the same kind of ratio (a speedup)
N = 60_000 if QUICK else 200_000
CHUNKS = 8


def inc(x):
    return x + 1


def identity(a):
    return a


def collatz_steps(lo, hi):
    total = 0
    for start in range(lo, hi):
        x = start
        while x != 1:
            x = x >> 1 if x & 1 == 0 else 3 * x + 1
            total += 1
    return total


def chunks():
    return [(1 + N * i // CHUNKS, 1 + N * (i + 1) // CHUNKS) for i in range(CHUNKS)]


def median_time(fn, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(name, workers, seconds):
    print(f"{name} {workers} {seconds:.9f}", flush=True)


def start_and_first(workers):
    pool = mp.Pool(workers)
    pool.apply(inc, (1,))
    return pool


def main():
    rounds = 3 if QUICK else 7
    with mp.Pool(1) as warm:                           # import and fork once before timing
        warm.apply(inc, (1,))
    for workers in (1, 2, 4):
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            pool = start_and_first(workers)
            times.append(time.perf_counter() - t0)
            pool.terminate()
            pool.join()
        report("start_first", workers, statistics.median(times))

        with mp.Pool(workers) as pool:
            pool.apply(inc, (1,))
            n = 2_000 if QUICK else 5_000
            rt = []
            for i in range(n):
                t0 = time.perf_counter()
                pool.apply(inc, (i,))
                rt.append(time.perf_counter() - t0)
            report("round_trip", workers, statistics.median(rt))

            items = list(range(10_000))
            pool.map(inc, items)
            report("map_10000", workers, median_time(lambda: pool.map(inc, items), rounds * 3))

            big = np.arange(10_000_000, dtype=np.int64)
            pool.apply(identity, (big,))
            report("array_80mb", workers, median_time(lambda: pool.apply(identity, (big,)), rounds))

            args = chunks()
            expected = sum(collatz_steps(lo, hi) for lo, hi in args)
            serial, parallel = [], []
            for _ in range(3 if QUICK else 5):             # alternate serial and pool runs
                t0 = time.perf_counter()
                assert sum(collatz_steps(lo, hi) for lo, hi in args) == expected
                t1 = time.perf_counter()
                assert sum(pool.starmap(collatz_steps, args)) == expected
                t2 = time.perf_counter()
                serial.append(t1 - t0)
                parallel.append(t2 - t1)
            report("starmap_speedup", workers, statistics.median(serial) / statistics.median(parallel))


if __name__ == "__main__":
    main()
