//! The loopback redirect listener against hostile and clumsy clients, over real sockets on
//! 127.0.0.1: forged callbacks (wrong, missing or doubled state) get a 400 and the wait goes
//! on, idle and slow connections do not hold up the browser's, malformed or huge heads do not
//! stop the listener, and a denial with the right state is the answer.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use auth_runtime::{
    AuthorizeOptions, Client, Error, ExposeSecret, LoopbackListener, PendingAuthorization, Provider,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// A native app's provider with PKCE, declared the way a user would.
#[derive(Provider, Debug)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://login.example.com/token"
)]
#[oauth(authorize_endpoint = "https://login.example.com/authorize")]
struct Native {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

/// A listener waiting (for `timeout`) for the callback of a fresh authorize request: its
/// address, the state the request sent, the request and the wait.
struct Flow {
    address: SocketAddr,
    state: String,
    pending: PendingAuthorization,
    waiting: JoinHandle<Result<String, Error>>,
}

async fn flow(timeout: Duration) -> Flow {
    let listener = LoopbackListener::bind(0).await.unwrap();
    let address = listener.local_addr();
    let pending = Client::new()
        .unwrap()
        .authorize_url(
            &Native {
                client_id: "native-app".into(),
                redirect_uri: "http://127.0.0.1/callback".into(),
            },
            AuthorizeOptions::default().redirect_uri(listener.redirect_uri()),
        )
        .unwrap();
    let state = pending.state().as_str().to_owned();
    let waiting = tokio::spawn(listener.wait_for(&pending, timeout));
    Flow {
        address,
        state,
        pending,
        waiting,
    }
}

/// Bounds a whole test, so that a listener that stopped answering fails it instead of hanging.
async fn within<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), test)
        .await
        .expect("the test finished within 30 s")
}

/// Sends `bytes` on a new connection and reads the answer to its end. Errors count as an
/// empty answer: a listener may reset a connection that sent more than it read.
async fn exchange(address: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let _ = stream.write_all(bytes).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// A browser's `GET target`.
async fn get(address: SocketAddr, target: &str) -> String {
    exchange(
        address,
        format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nAccept: text/html\r\n\r\n").as_bytes(),
    )
    .await
}

/// The status line of an answer.
fn status(answer: &str) -> &str {
    answer.lines().next().unwrap_or_default()
}

#[tokio::test]
async fn a_forged_callback_that_comes_first_gets_400_and_the_real_one_is_returned() {
    within(async {
        let flow = flow(Duration::from_secs(30)).await;

        let forged = get(
            flow.address,
            "/callback?code=evil-code&state=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        )
        .await;
        assert_eq!(status(&forged), "HTTP/1.1 400 Bad Request", "{forged}");
        assert!(forged.contains("state did not match"), "{forged}");
        assert!(forged.contains("return to the application"), "{forged}");
        for reflected in ["evil-code", "<script>", "alert"] {
            assert!(!forged.contains(reflected), "{forged}");
        }
        assert!(
            !flow.waiting.is_finished(),
            "a forged callback does not end the wait"
        );

        let real = get(
            flow.address,
            &format!("/callback?code=the-code&state={}", flow.state),
        )
        .await;
        assert_eq!(status(&real), "HTTP/1.1 200 OK", "{real}");
        assert!(real.contains("You can close this tab"), "{real}");
        assert!(!real.contains("the-code") && !real.contains(&flow.state));

        let callback = flow.waiting.await.unwrap().unwrap();
        let code = flow.pending.complete(&callback).unwrap();
        assert_eq!(code.code.expose_secret(), "the-code");
    })
    .await;
}

#[tokio::test]
async fn idle_and_slow_connections_do_not_delay_the_real_callback() {
    within(async {
        let flow = flow(Duration::from_secs(30)).await;
        // Accepted before the browser's: two connections that say nothing, and one that
        // starts a callback and never finishes its head.
        let idle = [
            TcpStream::connect(flow.address).await.unwrap(),
            TcpStream::connect(flow.address).await.unwrap(),
        ];
        let mut slow = TcpStream::connect(flow.address).await.unwrap();
        slow.write_all(b"GET /callback?code=slow&state=")
            .await
            .unwrap();

        // Served one at a time, the browser's connection would wait out each of the others'
        // 5 s head timeout first: at least 15 s.
        let callback = tokio::time::timeout(Duration::from_secs(3), async {
            let real = get(
                flow.address,
                &format!("/callback?code=the-code&state={}", flow.state),
            )
            .await;
            assert_eq!(status(&real), "HTTP/1.1 200 OK", "{real}");
            flow.waiting.await.unwrap().unwrap()
        })
        .await
        .expect("the real callback is served while the idle connections are still open");

        // Held open by the client until now.
        drop(idle);
        drop(slow);
        let code = flow.pending.complete(&callback).unwrap();
        assert_eq!(code.code.expose_secret(), "the-code");
    })
    .await;
}

#[tokio::test]
async fn malformed_oversized_and_half_closed_requests_do_not_stop_the_listener() {
    within(async {
        let flow = flow(Duration::from_secs(30)).await;

        // Binary garbage, a TLS ClientHello (a browser trying https), a bad request line.
        for garbage in [
            &b"\x00\xff\xfe\x80garbage\r\n\r\n"[..],
            &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
            &b"GET /callback?state=x HTTP/9\r\n\r\n"[..],
        ] {
            let answer = exchange(flow.address, garbage).await;
            assert_eq!(status(&answer), "HTTP/1.1 400 Bad Request", "{answer}");
        }

        // A head far beyond the limit that never ends: refused (a 431, or a reset when the
        // listener stops reading mid-way), and the listener goes on.
        let mut huge = b"GET /callback?code=c&state=s HTTP/1.1\r\nX-Padding: ".to_vec();
        huge.resize(huge.len() + 256 * 1024, b'a');
        let answer = exchange(flow.address, &huge).await;
        assert!(
            answer.is_empty() || status(&answer).starts_with("HTTP/1.1 431"),
            "{answer}"
        );

        // Too many headers.
        let mut many = b"GET /callback?code=c&state=s HTTP/1.1\r\n".to_vec();
        for i in 0..200 {
            many.extend_from_slice(format!("X-{i}: v\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        let answer = exchange(flow.address, &many).await;
        assert!(status(&answer).starts_with("HTTP/1.1 431"), "{answer}");

        // Half-closed mid-head, and closed before a byte.
        let mut half = TcpStream::connect(flow.address).await.unwrap();
        half.write_all(b"GET /callback?code=c&st").await.unwrap();
        half.shutdown().await.unwrap();
        let mut rest = Vec::new();
        let _ = half.read_to_end(&mut rest).await;
        drop(TcpStream::connect(flow.address).await.unwrap());
        assert!(!flow.waiting.is_finished());

        // A complete head from a client that has already shut down its side still gets
        // its page.
        let mut early = TcpStream::connect(flow.address).await.unwrap();
        early
            .write_all(
                format!(
                    "GET /callback?code=the-code&state={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    flow.state
                )
                .as_bytes(),
            )
            .await
            .unwrap();
        early.shutdown().await.unwrap();
        let mut page = Vec::new();
        early.read_to_end(&mut page).await.unwrap();
        assert!(String::from_utf8_lossy(&page).starts_with("HTTP/1.1 200 OK"));

        let callback = flow.waiting.await.unwrap().unwrap();
        let code = flow.pending.complete(&callback).unwrap();
        assert_eq!(code.code.expose_secret(), "the-code");
    })
    .await;
}

#[tokio::test]
async fn a_callback_without_the_state_gets_400_and_the_wait_goes_on() {
    within(async {
        let flow = flow(Duration::from_secs(30)).await;
        let doubled = format!("/callback?code=c&state={}&state={}", flow.state, flow.state);
        let truncated = format!("/callback?code=c&state={}", &flow.state[..42]);
        for target in [
            "/callback?code=c",
            "/callback",
            "/callback?code=c&state=",
            "/callback?code=c&State=x",
            doubled.as_str(),
            truncated.as_str(),
        ] {
            let answer = get(flow.address, target).await;
            assert_eq!(status(&answer), "HTTP/1.1 400 Bad Request", "{target}");
            assert!(answer.contains("state did not match"), "{answer}");
        }
        let elsewhere = get(
            flow.address,
            &format!("/favicon.ico?code=c&state={}", flow.state),
        )
        .await;
        assert_eq!(status(&elsewhere), "HTTP/1.1 404 Not Found");
        let posted = exchange(
            flow.address,
            format!(
                "POST /callback?code=c&state={} HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
                flow.state
            )
            .as_bytes(),
        )
        .await;
        assert_eq!(status(&posted), "HTTP/1.1 405 Method Not Allowed");
        assert!(!flow.waiting.is_finished());

        let real = get(
            flow.address,
            &format!("/callback?state={}&code=the-code", flow.state),
        )
        .await;
        assert_eq!(status(&real), "HTTP/1.1 200 OK");
        let callback = flow.waiting.await.unwrap().unwrap();
        let code = flow.pending.complete(&callback).unwrap();
        assert_eq!(code.code.expose_secret(), "the-code");
    })
    .await;
}

#[tokio::test]
async fn only_wrong_state_callbacks_end_in_callback_timeout() {
    within(async {
        let flow = flow(Duration::from_secs(2)).await;
        for forged in ["forged-1", "forged-2", "forged-3"] {
            let answer = get(
                flow.address,
                &format!("/callback?code=stolen-{forged}&state={forged}"),
            )
            .await;
            assert_eq!(status(&answer), "HTTP/1.1 400 Bad Request");
        }
        let error = flow.waiting.await.unwrap().unwrap_err();
        assert!(
            matches!(error, Error::CallbackTimeout { waited } if waited == Duration::from_secs(2)),
            "{error:?}"
        );
        let told = format!("{error} {error:?}");
        assert!(
            !told.contains("forged") && !told.contains("stolen"),
            "{told}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_denial_with_the_matching_state_is_the_answer_and_a_forged_one_is_not() {
    within(async {
        let flow = flow(Duration::from_secs(30)).await;
        let forged = get(flow.address, "/callback?error=access_denied&state=forged").await;
        assert_eq!(status(&forged), "HTTP/1.1 400 Bad Request");

        let denied = get(
            flow.address,
            &format!(
                "/callback?error=access_denied&error_description=The+user+said+no&state={}",
                flow.state
            ),
        )
        .await;
        assert_eq!(status(&denied), "HTTP/1.1 200 OK");
        let callback = flow.waiting.await.unwrap().unwrap();
        match flow.pending.complete(&callback) {
            Err(Error::AuthorizationDenied {
                code, description, ..
            }) => {
                assert_eq!(code, "access_denied");
                assert_eq!(description.as_deref(), Some("The user said no"));
            }
            other => panic!("expected AuthorizationDenied, got {other:?}"),
        }
    })
    .await;
}
