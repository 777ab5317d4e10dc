//! Benchmark 10, a pool of sessions (`Sessions`): the lookup of one identity's session among
//! 1, 1,000 and 100,000, three ways:
//!
//! - `find_hot`: a few identities asked for again and again (a busy customer's requests), so
//!   that what is measured is the lookup's own work, which must not grow with the pool;
//! - `find_skewed`: identities drawn by popularity (Zipf, exponent 1: the tenth most active
//!   customer asks a tenth as often as the first), as a service's traffic is;
//! - `find_uniform`: every identity equally often, each lookup of a different one: at 100,000
//!   the table, the identities and the sessions no longer fit in the caches, and each lookup
//!   waits on memory (the figure is what that costs, not the lookup's work).
//!
//! Beside them, `memory_latency`: one read that waits on memory, a random step of a pointer
//! chase through 64 MB, the unit that `find_uniform` at 100,000 is counted in.

use std::hint::black_box;

use auth_runtime::{SecretString, Sessions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use providers::IAdvize;

/// How many lookups a precomputed order of identities holds before it repeats.
const ORDER_LEN: usize = 1 << 16;

/// How many identities `find_hot` asks for in turn.
const HOT: usize = 8;

fn agent(n: usize) -> IAdvize {
    IAdvize {
        username: format!("agent{n}@shop.example"),
        password: SecretString::from("pw"),
    }
}

fn pool(size: usize) -> (Sessions<IAdvize>, Vec<String>) {
    let pool = Sessions::builder(|builder| builder).build().unwrap();
    let keys = (0..size)
        .map(|n| {
            pool.get(agent(n)).unwrap();
            Sessions::key_of(&agent(n))
        })
        .collect();
    (pool, keys)
}

/// Indices into `size` identities: `hot` ones in turn, all of them in a random order, or drawn
/// by a Zipf law over a random ranking.
fn order(size: usize, pattern: &str, rng: &mut fastrand::Rng) -> Vec<usize> {
    match pattern {
        "find_hot" => (0..ORDER_LEN).map(|i| (i % HOT) % size).collect(),
        "find_uniform" => (0..ORDER_LEN).map(|_| rng.usize(..size)).collect(),
        _ => {
            let mut ranking: Vec<usize> = (0..size).collect();
            rng.shuffle(&mut ranking);
            let mut cumulative = Vec::with_capacity(size);
            let mut total = 0.0;
            for rank in 1..=size {
                total += 1.0 / rank as f64;
                cumulative.push(total);
            }
            (0..ORDER_LEN)
                .map(|_| {
                    let draw = rng.f64() * total;
                    let rank = cumulative.partition_point(|&c| c < draw).min(size - 1);
                    ranking[rank]
                })
                .collect()
        }
    }
}

/// A random cycle through `len` slots: following it, each read waits for the one before.
fn chase(len: usize, rng: &mut fastrand::Rng) -> Vec<usize> {
    let mut visit: Vec<usize> = (0..len).collect();
    rng.shuffle(&mut visit);
    let mut next = vec![0; len];
    for (i, &from) in visit.iter().enumerate() {
        next[from] = visit[(i + 1) % len];
    }
    next
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("pool");
    let mut rng = fastrand::Rng::with_seed(19);
    let cycle = chase(64 << 20 >> 3, &mut rng);
    let mut at = 0usize;
    group.bench_function("memory_latency", |b| {
        b.iter(|| {
            at = cycle[at];
            black_box(at)
        })
    });
    drop(cycle);
    for size in [1, 1_000, 100_000] {
        let (pool, keys) = pool(size);
        for pattern in ["find_hot", "find_skewed", "find_uniform"] {
            let order = order(size, pattern, &mut rng);
            let mut next = 0usize;
            group.bench_function(BenchmarkId::new(pattern, size), |b| {
                b.iter(|| {
                    next = (next + 1) % ORDER_LEN;
                    black_box(pool.find(&keys[order[next]]))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
