#!/usr/bin/env python3
"""Times `eksauth token` against `aws eks get-token`, one whole process per call, side by side:
wall time and peak resident memory of each invocation.

Usage: token_benchmark.py EKSAUTH_BINARY [RUNS]

Both commands sign with the same documented example credentials and region; nothing leaves the machine.
`eksauth token` is measured twice: as kubectl runs it (the launcher's fast path, which it is required to
take here: EKSAUTH_TOKEN_FAST_PATH=only), and handed to the full command (EKSAUTH_TOKEN_FAST_PATH=off).

Peak memory is the `%M` of GNU time, which forks a small process and execs the command. It is not this
script's own wait4 figure: a child forked from Python keeps Python's resident pages in its peak until it
execs, so every command would read at least Python's size (about 14 MiB here, even for /bin/true). The
floor of the method used is printed with the results.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

eksauth, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
gnu_time = shutil.which("time", path="/usr/bin:/bin") or sys.exit("GNU time is needed: apt-get install time")
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
    "aws eks get-token": ([sys.executable, "-m", "awscli", "eks", "get-token", "--cluster-name", "bench"], {}),
    "eksauth token": ([eksauth, "token", "--cluster-name", "bench"], {"EKSAUTH_TOKEN_FAST_PATH": "only"}),
    "eksauth token (full)": ([eksauth, "token", "--cluster-name", "bench"], {"EKSAUTH_TOKEN_FAST_PATH": "off"}),
}
report = tempfile.NamedTemporaryFile(prefix="token-benchmark-", suffix=".txt", delete=False).name


def measure(argv, extra):
    """Wall milliseconds and peak resident MiB of one run of argv."""
    start = time.perf_counter()
    status = subprocess.call([gnu_time, "-f", "%M", "-o", report] + argv, env={**environment, **extra},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    with open(report) as lines:
        peak_kib = int(lines.read().split()[-1])
    return elapsed * 1000, peak_kib / 1024


floor = statistics.median(measure(["/bin/true"], {})[1] for _ in range(5))
results = {name: [] for name in commands}
for argv, extra in commands.values():
    measure(argv, extra)  # warm the page cache once
for _ in range(runs):
    for name, (argv, extra) in commands.items():  # interleaved, so drift hits both alike
        results[name].append(measure(argv, extra))
os.unlink(report)

print(f"{runs} runs each, interleaved, on {os.cpu_count()} cores; memory floor of the method (/bin/true): {floor:.1f} MiB")
print(f"{'command':<22} {'median ms':>10} {'p90 ms':>8} {'min ms':>8} {'peak RSS MiB (median)':>22}")
summary = {}
for name, samples in results.items():
    times = sorted(t for t, _ in samples)
    memory = statistics.median(m for _, m in samples)
    p90 = times[int(0.9 * (len(times) - 1))]
    summary[name] = (statistics.median(times), memory)
    print(f"{name:<22} {statistics.median(times):>10.1f} {p90:>8.1f} {times[0]:>8.1f} {memory:>22.1f}")
aws_time, aws_memory = summary["aws eks get-token"]
our_time, our_memory = summary["eksauth token"]
print(f"speed-up: {aws_time / our_time:.1f}x faster (goal >= 30x); memory: {our_memory / aws_memory:.3f} of the AWS CLI's (goal <= 0.25)")
