//! The shared server over an in-memory connection, byte for byte: what reaches the handler,
//! what hyper refuses before it (400, 431), the head limit to the byte, the deadlines, and the
//! answers, whole or cut short.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

/// The loopback listener's limits, with short deadlines.
const LIMITS: Limits = Limits {
    head_bytes: 16 * 1024,
    headers: 64,
    head_timeout: Some(Duration::from_millis(300)),
    answer_timeout: Some(Duration::from_millis(300)),
};

/// Sends `bytes` (then shuts down the client's side when `close`), serves them with a handler
/// that answers `200 ok`; the answer read to its end, and the method and target of each
/// request the handler got.
async fn exchange(limits: Limits, bytes: &[u8], close: bool) -> (String, Vec<(String, String)>) {
    let (mut client, server) = tokio::io::duplex(1 << 20);
    let seen = Mutex::new(Vec::new());
    let serve = serve_one(server, &limits, |request| {
        seen.lock()
            .unwrap()
            .push((request.method().to_string(), request.uri().to_string()));
        std::future::ready(Some(answer(StatusCode::OK, HeaderMap::new(), "ok")))
    });
    let talk = async {
        client.write_all(bytes).await.unwrap();
        if close {
            client.shutdown().await.unwrap();
        }
        let mut answer = Vec::new();
        let _ = client.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    };
    let ((), answer) = tokio::join!(serve, talk);
    (answer, seen.into_inner().unwrap())
}

/// A `GET /callback` head of exactly `size` bytes, padded with one header.
fn head_of(size: usize) -> Vec<u8> {
    let start = b"GET /callback?code=a&state=b HTTP/1.1\r\nX-Padding: ";
    let mut head = start.to_vec();
    head.resize(size - 4, b'a');
    head.extend_from_slice(b"\r\n\r\n");
    assert_eq!(head.len(), size);
    head
}

fn status(answer: &str) -> &str {
    answer.lines().next().unwrap_or_default()
}

#[tokio::test]
async fn the_handler_gets_the_method_and_the_target_and_its_answer_is_sent_whole() {
    let head = b"GET /callback?code=a&state=b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let (answer, seen) = exchange(LIMITS, head, false).await;
    assert_eq!(
        seen,
        [("GET".to_owned(), "/callback?code=a&state=b".to_owned())]
    );
    assert_eq!(
        answer,
        "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok"
    );
}

#[tokio::test]
async fn a_client_that_shut_down_its_side_after_its_head_still_gets_its_answer() {
    let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let (answer, seen) = exchange(LIMITS, head, true).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "{answer}");
}

#[tokio::test]
async fn a_head_at_the_limit_is_read_and_one_byte_more_is_a_431() {
    let (answer, seen) = exchange(LIMITS, &head_of(16 * 1024), false).await;
    assert_eq!(status(&answer), "HTTP/1.1 200 OK");
    assert_eq!(seen.len(), 1);
    for size in [16 * 1024 + 1, 64 * 1024] {
        let (answer, seen) = exchange(LIMITS, &head_of(size), false).await;
        assert_eq!(
            answer,
            "HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            "{size}"
        );
        assert!(seen.is_empty());
    }
    // Nor does a head over the limit that never ends wait for its end.
    let mut endless = head_of(64 * 1024);
    endless.truncate(40 * 1024);
    let (answer, _) = exchange(LIMITS, &endless, false).await;
    assert_eq!(
        status(&answer),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
}

#[tokio::test]
async fn more_headers_than_the_limit_is_a_431() {
    let mut many = b"GET / HTTP/1.1\r\n".to_vec();
    many.extend(b"a: b\r\n".repeat(64));
    let mut too_many = many.clone();
    many.extend(b"\r\n");
    let (answer, _) = exchange(LIMITS, &many, false).await;
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "64 headers are read");
    too_many.extend(b"a: b\r\n\r\n");
    let (answer, seen) = exchange(LIMITS, &too_many, false).await;
    assert_eq!(
        status(&answer),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    assert!(seen.is_empty());
}

#[tokio::test]
async fn malformed_heads_are_a_400_without_waiting_for_more() {
    for garbage in [
        &b"garbage\r\n\r\n"[..],
        &b"\x00\xff\xfe\x80garbage\r\n\r\n"[..],
        // A TLS ClientHello, the start of it: refused at its first byte.
        &b"\x16\x03\x01\x02\x00"[..],
        &b"GET /callback?state=x HTTP/9\r\n\r\n"[..],
        &b"GET /callback?state=x HTTP/1.1\r\nno colon\r\n\r\n"[..],
    ] {
        let (answer, seen) = exchange(LIMITS, garbage, false).await;
        assert_eq!(
            answer, "HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            "{garbage:?}"
        );
        assert!(seen.is_empty());
    }
}

#[tokio::test]
async fn a_head_cut_off_by_a_close_gets_no_answer() {
    for partial in [
        &b""[..],
        b"GET /callback?code=a HTTP/1.1\r\n",
        b"GET /callback?co",
    ] {
        let (answer, seen) = exchange(LIMITS, partial, true).await;
        assert_eq!(answer, "", "{partial:?}");
        assert!(seen.is_empty());
    }
}

#[tokio::test]
async fn idle_and_slow_heads_are_dropped_at_the_head_deadline() {
    for sent in [&b""[..], b"GET /callback?code=a&state="] {
        let started = Instant::now();
        let (answer, seen) = exchange(LIMITS, sent, false).await;
        let waited = started.elapsed();
        assert_eq!(answer, "");
        assert!(seen.is_empty());
        assert!(
            waited >= Duration::from_millis(300) && waited < Duration::from_secs(3),
            "{waited:?}"
        );
    }
}

#[tokio::test]
async fn the_answer_has_its_own_deadline_and_no_answer_is_a_close() {
    let (mut client, server) = tokio::io::duplex(1 << 16);
    let started = Instant::now();
    let serve = serve_one(server, &LIMITS, |_| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Some(answer(StatusCode::OK, HeaderMap::new(), "late"))
    });
    let talk = async {
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        answer
    };
    let ((), answer) = tokio::join!(serve, talk);
    assert!(answer.is_empty());
    assert!(started.elapsed() < Duration::from_secs(3));

    let (mut client, server) = tokio::io::duplex(1 << 16);
    let serve = serve_one(server, &LIMITS, |_| std::future::ready(None));
    let talk = async {
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        answer
    };
    let ((), answer) = tokio::join!(serve, talk);
    assert!(answer.is_empty());
}

#[cfg(feature = "testkit")]
#[tokio::test]
async fn a_body_cut_short_announces_all_of_it_and_sends_part() {
    let (mut client, server) = tokio::io::duplex(1 << 16);
    let serve = serve_one(server, &LIMITS, |_| {
        std::future::ready(Some(cut_short(
            StatusCode::OK,
            HeaderMap::new(),
            b"0123456789",
            5,
        )))
    });
    let talk = async {
        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap();
        String::from_utf8(answer).unwrap()
    };
    let ((), answer) = tokio::join!(serve, talk);
    assert_eq!(
        answer,
        "HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\n01234"
    );
}
