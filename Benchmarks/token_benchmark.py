#!/usr/bin/env python3
"""Times `eksauth token` against `aws eks get-token`, one whole process per call, side by side:
wall time and peak resident memory of each invocation (from wait4's rusage).

Usage: token_benchmark.py EKSAUTH_BINARY [RUNS]
Both commands sign with the same documented example credentials and region; nothing leaves the machine.
"""
import os
import statistics
import subprocess
import sys
import time

eksauth, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
environment = {
    "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
}
for key in os.environ:
    if key.startswith("PYENV"):
        environment[key] = os.environ[key]

commands = {
    "aws eks get-token": [sys.executable, "-m", "awscli", "eks", "get-token", "--cluster-name", "bench"],
    "eksauth token": [eksauth, "token", "--cluster-name", "bench"],
}


def measure(argv):
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv[0]} failed with status {status}")
    return elapsed * 1000, usage.ru_maxrss / 1024  # ms, MiB (ru_maxrss is KiB on Linux)


results = {name: [] for name in commands}
for name, argv in commands.items():
    measure(argv)  # warm the page cache once
for _ in range(runs):
    for name, argv in commands.items():  # interleaved, so drift hits both alike
        results[name].append(measure(argv))

print(f"{runs} runs each, interleaved, on {os.cpu_count()} cores")
print(f"{'command':<20} {'median ms':>10} {'p90 ms':>8} {'min ms':>8} {'peak RSS MiB (median)':>22}")
summary = {}
for name, samples in results.items():
    times = sorted(t for t, _ in samples)
    memory = statistics.median(m for _, m in samples)
    p90 = times[int(0.9 * (len(times) - 1))]
    summary[name] = (statistics.median(times), memory)
    print(f"{name:<20} {statistics.median(times):>10.1f} {p90:>8.1f} {times[0]:>8.1f} {memory:>22.1f}")
aws_time, aws_memory = summary["aws eks get-token"]
our_time, our_memory = summary["eksauth token"]
print(f"speed-up: {aws_time / our_time:.1f}x faster (goal >= 30x); memory: {our_memory / aws_memory:.3f} of the AWS CLI's (goal <= 0.25)")
