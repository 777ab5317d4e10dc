//! Benchmark 10, a pool of sessions (`Sessions`): the lookup of one identity's session among
//! 1, 1,000 and 100,000, which must not grow with their number, and the memory a pool holds per
//! identity (the sessions made, no token yet).

use std::hint::black_box;

use auth_runtime::{SecretString, Sessions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use providers::IAdvize;

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

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("pool");
    for size in [1, 1_000, 100_000] {
        let (pool, keys) = pool(size);
        let mut next = 0usize;
        group.bench_function(BenchmarkId::new("find", size), |b| {
            b.iter(|| {
                next = (next + 7919) % keys.len();
                black_box(pool.find(&keys[next]))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
