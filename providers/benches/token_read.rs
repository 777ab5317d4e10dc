//! Benchmark 1, the cached-token read, the hot path of every API call: `Session::token()` on a valid
//! token, on one thread and two, beside a `Mutex` and a tokio `RwLock` doing the same work
//! (check the expiry, hand out the token); and the same read of a session that renews in the
//! background, which checks a flag instead of a clock.

use std::future::Future;
use std::hint::black_box;
use std::sync::{Arc, Barrier, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use auth_runtime::testkit::Emulator;
use auth_runtime::{SecretString, Session, Token};
use criterion::{criterion_group, criterion_main, Criterion};
use providers::IAdvize;

/// Polls a future once: the cached read completes without waiting. Inlined, so that the future
/// is polled where it was built, as an `.await` does, rather than first copied.
#[inline(always)]
fn ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => unreachable!("a cached read never waits"),
    }
}

fn start_session(
    background: bool,
) -> (tokio::runtime::Runtime, Session<IAdvize>, Emulator<IAdvize>) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let _inside = runtime.enter();
    let provider = IAdvize {
        username: "bench@example.com".into(),
        password: SecretString::from("pw"),
    };
    let emulator = runtime.block_on(Emulator::start(provider.clone())).unwrap();
    let mut builder = Session::builder(provider).client(emulator.client().unwrap());
    if background {
        builder = builder.renew_in_background();
    }
    let session = builder.build().unwrap();
    runtime.block_on(session.token()).unwrap();
    (runtime, session, emulator)
}

/// What a caller does with the token it read: looks at it (to make its header), then lets go.
/// Only the token's address goes through `black_box`: the reference itself, moved into
/// `black_box`'s memory and read back whole, stalled the read on a store-to-load forward
/// that an API call, which keeps it in registers, never pays (measured with `perf annotate`).
#[inline(always)]
fn look_at(token: impl std::ops::Deref<Target = Token>) {
    black_box(&*token);
}

/// What a hand-written cache does under a lock: check the expiry, hand out the token.
fn read_locked(cache: &Mutex<Arc<Token>>) -> Arc<Token> {
    let token = cache.lock().unwrap();
    assert!(Instant::now() < token.expires_at().into_std());
    Arc::clone(&token)
}

fn read_rwlock(cache: &tokio::sync::RwLock<Arc<Token>>) -> Arc<Token> {
    let token = ready(cache.read());
    assert!(Instant::now() < token.expires_at().into_std());
    Arc::clone(&token)
}

/// Runs `read` `iters` times on each of `threads` threads at once; the time per read.
fn concurrent(threads: usize, iters: u64, read: impl Fn() + Sync) -> Duration {
    let barrier = Barrier::new(threads);
    let total = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    let start = Instant::now();
                    for _ in 0..iters {
                        read();
                    }
                    start.elapsed()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .max()
            .unwrap()
    });
    total
}

fn bench(c: &mut Criterion) {
    let (_runtime, session, _emulator) = start_session(false);
    let (_background_runtime, background, _background_emulator) = start_session(true);
    let token = ready(session.token()).unwrap().to_arc();
    let mutex = Mutex::new(Arc::clone(&token));
    let rwlock = tokio::sync::RwLock::new(Arc::clone(&token));

    let mut group = c.benchmark_group("token_read");
    // What one monotonic clock read costs here: every expiry check pays it.
    group.bench_function("clock_read", |b| b.iter(|| black_box(Instant::now())));
    // The coarse clock a session reads instead (see `auth_runtime::session::clock`).
    group.bench_function("coarse_clock_read", |b| {
        b.iter(|| black_box(coarsetime::Instant::now()))
    });
    // The floor of any session read: one `arc-swap` load of a slot and its release, the
    // reference a `TokenRef` is.
    let slot = arc_swap::ArcSwapOption::from(Some(Arc::clone(&token)));
    group.bench_function("arc_swap_load", |b| b.iter(|| drop(black_box(slot.load()))));
    group.bench_function("session_1_thread", |b| {
        b.iter(|| look_at(ready(session.token()).unwrap()))
    });
    group.bench_function("mutex_1_thread", |b| {
        b.iter(|| look_at(read_locked(&mutex)))
    });
    group.bench_function("rwlock_1_thread", |b| {
        b.iter(|| look_at(read_rwlock(&rwlock)))
    });
    group.bench_function("session_2_threads", |b| {
        b.iter_custom(|iters| concurrent(2, iters, || look_at(ready(session.token()).unwrap())))
    });
    group.bench_function("background_1_thread", |b| {
        b.iter(|| look_at(ready(background.token()).unwrap()))
    });
    group.bench_function("background_try_token", |b| {
        b.iter(|| look_at(background.try_token().unwrap()))
    });
    group.bench_function("background_2_threads", |b| {
        b.iter_custom(|iters| concurrent(2, iters, || look_at(ready(background.token()).unwrap())))
    });
    group.bench_function("mutex_2_threads", |b| {
        b.iter_custom(|iters| concurrent(2, iters, || look_at(read_locked(&mutex))))
    });
    group.bench_function("rwlock_2_threads", |b| {
        b.iter_custom(|iters| concurrent(2, iters, || look_at(read_rwlock(&rwlock))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
