#!/usr/bin/env python3
"""Samples the exchange and the herd benchmarks with perf and says where their CPU time goes:
how much of it is each client's own code, and how much is shared (reqwest, hyper, tokio, the
kernel, the allocator). Writes target/bench-results/profile.json, which report.py reads.

The benches run in criterion's profiling mode (`--profile-time`): the routine alone, over and
over, with no analysis. perf samples every thread of the process, the local server's included,
so the shares are of everything an exchange costs on this machine. A function inlined into
another counts as the one it was inlined into."""

import json
import pathlib
import re
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "target" / "bench-results"
SECONDS = 10

# What each profiled routine's samples are sorted into, first match wins: (label, dso, symbol).
OWN_CODE = {
    "sdk": r"auth_runtime::|providers::|secrecy::|zeroize",
    "oauth2": r"oauth2::|serde_path_to_error::",
    "hand_written": r"^exchange::by_hand",
}
SERDE = r"serde_json::|serde_core::|serde_urlencoded::|form_urlencoded::"
ALLOCATOR = r"malloc|free|_int_|unlink_chunk|realloc|calloc|__rdl_|__rust_alloc|__rust_dealloc"
SESSION = r"auth_runtime::session|tokio::sync::watch|tokio::sync::notify|arc_swap::"

LINE = re.compile(r"^\s*[\d.]+%\s+(\d+)\s+(\S+)\s+\[(.)\]\s+(.*?)\s*$")


def bench_executables() -> dict:
    """Builds the benches and returns their executables by name."""
    out = subprocess.run(
        ["cargo", "bench", "-p", "providers", "--bench", "exchange", "--bench", "herd",
         "--no-run", "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            found[message["target"]["name"]] = message["executable"]
    return found


def samples(executable: str, routine: str) -> list:
    """(count, dso, symbol) for every symbol perf sampled while `routine` ran."""
    with tempfile.TemporaryDirectory() as tmp:
        data = pathlib.Path(tmp) / "perf.data"
        subprocess.run(["perf", "record", "-q", "-F", "999", "-o", str(data), "--", executable,
                        "--bench", "--profile-time", str(SECONDS), f"^{routine}$"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        report = subprocess.run(["perf", "report", "-i", str(data), "-n", "--no-children", "--stdio",
                                 "-g", "none", "--sort", "dso,sym"],
                                capture_output=True, text=True, check=True).stdout
    rows = []
    for line in report.splitlines():
        match = LINE.match(line)
        if match:
            rows.append((int(match[1]), match[2], match[4]))
    return rows


def shares(rows: list, categories: list) -> dict:
    """The percentage of samples in each category, and in none of them ("rest")."""
    total = sum(count for count, _, _ in rows)
    counts = {label: 0 for label, _, _ in categories}
    counts["rest"] = 0
    for count, dso, symbol in rows:
        label = next((label for label, dso_re, sym_re in categories
                      if re.search(dso_re, dso) and re.search(sym_re, symbol)), "rest")
        counts[label] += count
    return {label: round(100 * count / total, 2) for label, count in counts.items()} | {"samples": total}


def perf_works() -> bool:
    try:
        return subprocess.run(["perf", "record", "-q", "-o", "/dev/null", "true"],
                              capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def main() -> None:
    (RESULTS / "profile.json").unlink(missing_ok=True)
    if not perf_works():
        # Not an error: the report then goes without the profile, and says so.
        print("bench/profile.py: perf cannot record here (is linux-perf installed, and "
              "/proc/sys/kernel/perf_event_paranoid at most 2?); no profile")
        return
    executables = bench_executables()
    profile = {"seconds_each": SECONDS, "exchange": {}}
    for client, own in OWN_CODE.items():
        rows = samples(executables["exchange"], f"exchange/{client}")
        profile["exchange"][client] = shares(rows, [("own", ".", own), ("serde", ".", SERDE)])
    rows = samples(executables["herd"], "herd/10000_callers")
    profile["herd"] = shares(rows, [("session", ".", SESSION), ("kernel", r"kernel", "."),
                                    ("allocator", ".", ALLOCATOR)])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile.json").write_text(json.dumps(profile))
    print(json.dumps(profile, indent=2))


if __name__ == "__main__":
    main()
