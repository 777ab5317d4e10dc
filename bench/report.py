#!/usr/bin/env python3
"""Writes BENCHMARKS.md from criterion's estimates (target/criterion) and the figures the
other benchmarks wrote (target/bench-results): every figure with its spread, every ratio, and
whether each target is met."""

import datetime
import json
import os
import pathlib
import platform
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
RESULTS = ROOT / "target" / "bench-results"


def estimate(group: str, name: str) -> dict:
    data = json.loads((CRITERION / group / name / "new" / "estimates.json").read_text())
    return {"mean": data["mean"]["point_estimate"], "sd": data["std_dev"]["point_estimate"]}


def ns(e: dict) -> str:
    mean, sd = e["mean"], e["sd"]
    if mean >= 1e6:
        return f"{mean / 1e6:.2f} ms ± {sd / 1e6:.2f}"
    if mean >= 1e3:
        return f"{mean / 1e3:.2f} µs ± {sd / 1e3:.2f}"
    return f"{mean:.1f} ns ± {sd:.1f}"


def met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def machine() -> list:
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    source = pathlib.Path("/sys/devices/system/clocksource/clocksource0/current_clocksource")
    clock = source.read_text().strip() if source.exists() else "unknown"
    return [
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores, {model}, clock source `{clock}`",
        f"- Toolchain: {rustc}; benches built with `cargo bench` (release profile)",
    ]


def token_read(lines: list) -> None:
    r = {n: estimate("token_read", n) for n in ["clock_read", "session_1_thread", "mutex_1_thread", "rwlock_1_thread", "session_2_threads", "mutex_2_threads", "rwlock_2_threads"]}
    one, two = r["session_1_thread"]["mean"], r["session_2_threads"]["mean"]
    lines += ["## 1. Cached token read (`Session::token()` on a valid token)", "",
              "| | 1 thread | 2 threads |", "|---|---|---|"]
    for label, key in [("this SDK", "session"), ("`Arc<std::sync::Mutex<Arc<Token>>>`", "mutex"), ("`Arc<tokio::sync::RwLock<Arc<Token>>>`", "rwlock")]:
        lines.append(f"| {label} | {ns(r[key + '_1_thread'])} | {ns(r[key + '_2_threads'])} |")
    ratio2 = two / r["mutex_2_threads"]["mean"]
    lines += ["",
              f"- Target: at most 30 ns a read on one thread: {one:.1f} ns, {met(one <= 30)}.",
              f"- Target: at most half the mutex's time on two threads: {ratio2:.2f} of it, {met(ratio2 <= 0.5)}.",
              f"- One monotonic clock read (`Instant::now()`) costs {ns(r['clock_read'])} on this machine, and every "
              "read checks the expiry against the clock: the baselines pay it too. Without it, the read is an "
              "`arc-swap` load and an `Arc` clone (about 10 ns measured apart). Reaching 30 ns here means taking the "
              "clock off the hot path (a coarse clock, or a validity flag flipped by a timer at the renewal instant) "
              "while keeping tokio's paused clock usable in tests; that is left for a later change.", ""]


def exchange(lines: list) -> None:
    r = {n: estimate("exchange", n) for n in ["sdk", "hand_written", "oauth2"]}
    vs_hand = r["sdk"]["mean"] / r["hand_written"]["mean"]
    vs_oauth = r["sdk"]["mean"] / r["oauth2"]["mean"]
    lines += ["## 2. Full token exchange over loopback (password grant, same request and response)", "",
              "| client | time per exchange | ratio to hand-written |", "|---|---|---|",
              f"| this SDK (`Client::login`) | {ns(r['sdk'])} | {vs_hand:.3f} |",
              f"| hand-written reqwest + serde | {ns(r['hand_written'])} | 1.000 |",
              f"| `oauth2` 5.x | {ns(r['oauth2'])} | {r['oauth2']['mean'] / r['hand_written']['mean']:.3f} |", "",
              f"- Target: within 3% of the hand-written code: {(vs_hand - 1) * 100:+.1f}%, {met(vs_hand <= 1.03)}.",
              f"- Target: no slower than `oauth2`: {vs_oauth:.3f} of its time, {met(vs_oauth <= 1.0)}.",
              "- The spread of each figure (one standard deviation, 10–20% of the mean on this shared 2-core "
              "machine) is larger than the differences between the three clients: a loopback round trip dominates, "
              "and all three send the same request over reqwest. Read the ratios as equal within noise.", ""]


def parse(lines: list) -> None:
    lines += ["## 3. Response parsing (generated parser vs a `serde_json::Value` walk)", "",
              "| provider | generated | Value walk | speed-up | target ≥ 2x |", "|---|---|---|---|---|"]
    for name in ["talview", "tali", "iadvize", "altrata", "talkdesk"]:
        gen, walk = estimate(f"parse_{name}", "generated"), estimate(f"parse_{name}", "value_walk")
        speedup = walk["mean"] / gen["mean"]
        lines.append(f"| {name} | {ns(gen)} | {ns(walk)} | {speedup:.2f}x | {met(speedup >= 2)} |")
    lines += ["",
              "- Where the target is missed: the generated parser skips the `Value` tree, but it still allocates "
              "every field it keeps (owned strings; secrets boxed by `secrecy`) and every unknown field, which it "
              "keeps in `Token::extra` (Talkdesk's `sid`, `id_token`), as the walk does. Closing the gap means "
              "borrowing from the body until a `Token` is built, and keeping extras as raw JSON text; not done yet.",
              ""]


def herd(lines: list) -> None:
    one, many = estimate("herd", "one_fetch"), estimate("herd", "10000_callers")
    spawn = estimate("herd", "spawn_only")
    counts = json.loads((RESULTS / "herd.json").read_text())
    ratio = many["mean"] / one["mean"]
    lines += ["## 4. The herd: 10,000 concurrent callers on an expired token", "",
              f"- Token requests: {counts['token_requests']} for {counts['herds']} herds of {counts['callers']} callers "
              f"(one per herd), {met(counts['token_requests'] == counts['herds'])}.",
              f"- Wall time for all callers: {ns(many)}; one single fetch: {ns(one)}; ratio {ratio:.2f}, "
              f"target at most 2x: {met(ratio <= 2)}.",
              f"- The callers are 10,000 tokio tasks: spawning and joining 10,000 tasks that do nothing takes "
              f"{ns(spawn)} here, so the herd costs the SDK {(many['mean'] - spawn['mean']) / one['mean']:.2f}x a "
              "single fetch beyond the tasks themselves. Waiting callers are all woken at once by the one "
              "renewal's outcome (a watch channel), not handed the lock in turn.", ""]


def compile_cost(lines: list) -> None:
    rows = json.loads((RESULTS / "compile.json").read_text())
    lines += ["## 5. Compile cost as providers grow", "",
              "| providers | `cargo check` | per provider | `cargo build` | per provider |", "|---|---|---|---|---|"]
    for row in rows:
        n = row["providers"]
        lines.append(f"| {n} | {row['check_s']:.2f} s | {row['check_s'] / n * 1000:.1f} ms | {row['build_s']:.2f} s | {row['build_s'] / n * 1000:.1f} ms |")
    last = rows[-1]
    growth = (rows[-1]["check_s"] / rows[-2]["check_s"]) if len(rows) > 1 else 0
    lines += ["", f"- Target: 1,000 providers checked in under 20 s: {last['check_s']:.1f} s, {met(last['check_s'] < 20)}.",
              f"- Growth: from 100 to 1,000 providers, `cargo check` takes {growth:.1f}x as long (10x would be linear; "
              "the fixed cost of a crate dominates the small counts).",
              "- Measured by `bench/compile_cost.py`: generated crates declaring four shapes of provider in turn, "
              "each timed after its dependencies were built.", ""]


def memory(lines: list) -> None:
    data = json.loads((RESULTS / "memory.json").read_text())
    lines += ["## 6. Memory", "",
              f"- One idle session with a cached token holds {data['session_bytes']} bytes on the heap, the HTTP "
              "client excluded (a counting allocator, measured with the session alive and after it is dropped).", ""]


def main() -> None:
    lines = ["# Benchmarks", "",
             "Written by `bash bench/run.sh`, which runs every benchmark on this machine in one run. "
             "Figures are criterion means ± standard deviation.", ""]
    lines += machine() + [""]
    for section in (token_read, exchange, parse, herd, compile_cost, memory):
        section(lines)
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
