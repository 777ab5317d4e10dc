//! Bad answers from a token endpoint: each is a clear, typed error, never a panic, and no
//! error text carries a secret.

use std::time::Duration;

use auth_runtime::{Client, Error, ExposeSecret, Origin, SecretString, MAX_BODY_BYTES};
use auth_tests::*;
use providers::IAdvize;
use wiremock::ResponseTemplate;

const PASSWORD: &str = "Pa55-w0rd-that-must-not-leak";

fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from(PASSWORD),
    }
}

/// Logs in against a server answering `response`, and checks the error hides the password.
async fn login_error(response: ResponseTemplate) -> Error {
    let server = server_answering(response).await;
    let client = Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let error = client.login(&iadvize()).await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(PASSWORD), "the password leaked: {text}");
    }
    error
}

#[tokio::test]
async fn an_html_error_page_is_an_http_error_with_an_excerpt() {
    let page =
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let error = login_error(ResponseTemplate::new(502).set_body_raw(page, "text/html")).await;
    match &error {
        Error::Http {
            status, excerpt, ..
        } => {
            assert_eq!(status.as_u16(), 502);
            assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_429_carries_retry_after() {
    let error = login_error(ResponseTemplate::new(429).insert_header("retry-after", "42")).await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(42)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "iadvize is rate limiting token requests (retry after 42 s)"
    );
}

#[tokio::test]
async fn a_429_with_an_http_date_is_understood() {
    let error = login_error(
        ResponseTemplate::new(429).insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    .await;
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: Some(Duration::ZERO),
                ..
            }
        ),
        "a date in the past means now: {error:?}"
    );
}

#[tokio::test]
async fn an_oauth_error_in_a_200_is_an_error() {
    let error = login_error(json_response(200, r#"{"error": "invalid_grant"}"#)).await;
    match error {
        Error::OAuth { error, .. } => {
            assert_eq!(error.code, "invalid_grant");
            assert_eq!(error.status.as_u16(), 200);
        }
        other => panic!("expected an OAuth error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_parse_error_without_the_token() {
    let body = r#"{"access_token": "abcdefghijklmnopqrstuvwxyz012345", "expires_in": 36"#;
    let error = login_error(json_response(200, body)).await;
    match &error {
        Error::Parse {
            reason, excerpt, ..
        } => {
            assert!(reason.starts_with("JSON cut short"), "{reason}");
            assert!(!excerpt.contains("abcdefghijklmnop"), "{excerpt}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    assert!(!error.is_transient());
}

#[tokio::test]
async fn a_short_token_in_an_unusable_body_is_redacted_too() {
    let body = r#"{"access_token": 12, "refresh_token": "short"}"#;
    let error = login_error(json_response(200, body)).await;
    let text = error.to_string();
    assert!(matches!(error, Error::Parse { .. }), "{error:?}");
    assert!(!text.contains("short"), "{text}");
}

#[tokio::test]
async fn a_missing_or_empty_access_token_is_an_error() {
    for body in [
        r#"{"token_type": "bearer"}"#,
        r#"{"access_token": ""}"#,
        r#"{"access_token": null}"#,
        "{}",
    ] {
        let error = login_error(json_response(200, body)).await;
        assert!(
            matches!(&error, Error::Parse { reason, .. } if reason.contains("access_token")),
            "{body}: {error:?}"
        );
    }
}

#[tokio::test]
async fn json_that_is_not_an_object_is_a_parse_error() {
    for body in ["[]", "\"token\"", "42", "null", ""] {
        let error = login_error(json_response(200, body)).await;
        assert!(matches!(error, Error::Parse { .. }), "{body}: {error:?}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let huge = format!(r#"{{"access_token": "{}"}}"#, "a".repeat(MAX_BODY_BYTES));
    let error = login_error(json_response(200, &huge)).await;
    assert!(
        matches!(error, Error::ResponseTooLarge { limit, .. } if limit == 1 << 20),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stalled_server_is_a_timeout() {
    let error = login_error(
        json_response(200, r#"{"access_token": "x"}"#).set_delay(Duration::from_secs(5)),
    )
    .await;
    assert!(
        matches!(
            error,
            Error::Timeout {
                provider: "iadvize"
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let error = login_error(
        ResponseTemplate::new(302).insert_header("location", "https://elsewhere.example/steal"),
    )
    .await;
    assert!(
        matches!(error, Error::Http { status, .. } if status.as_u16() == 302),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_form_encoded_answer_is_read() {
    let server = server_answering(ResponseTemplate::new(200).set_body_raw(
        "access_token=abc&token_type=bearer&expires_in=60&refresh_token=none",
        "application/x-www-form-urlencoded",
    ))
    .await;
    let token = client_for(&server).login(&iadvize()).await.unwrap();
    assert_eq!(token.lifetime(), Some(Duration::from_secs(60)));
    assert_eq!(token.token_type(), "Bearer");
    assert!(token.refresh_token().is_none());
}

#[tokio::test]
async fn any_2xx_is_a_success() {
    let server = server_answering(json_response(201, r#"{"access_token": "abc"}"#)).await;
    assert!(client_for(&server).login(&iadvize()).await.is_ok());
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client_at(&origin).login(&iadvize()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                provider: "iadvize",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains(PASSWORD));
}

#[tokio::test]
async fn credentials_never_go_over_plain_http_to_another_host() {
    let client = client_at("http://example.com:8080");
    let error = client.login(&iadvize()).await.unwrap_err();
    match error {
        Error::InsecureEndpoint { url } => assert_eq!(url, "http://example.com/oauth2/token"),
        other => panic!("expected an insecure-endpoint error, got {other:?}"),
    }
}

/// A server that answers one request with a chunked 200 (no `Content-Length`), writing each
/// chunk apart so that the client reads them one by one.
async fn chunked_server(chunks: Vec<Vec<u8>>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    transfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for chunk in chunks {
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk,
                b"\r\n".to_vec(),
            ];
            // The client may hang up once it has seen enough: later writes may fail.
            if socket.write_all(&framed.concat()).await.is_err() {
                return;
            }
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    origin
}

#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole() {
    let body = r#"{"access_token": "abc", "token_type": "bearer", "expires_in": 60}"#;
    let chunks = body.as_bytes().chunks(7).map(<[u8]>::to_vec).collect();
    let origin = chunked_server(chunks).await;
    let token = client_at(&origin).login(&iadvize()).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "abc");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(60)));
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused() {
    // No Content-Length to refuse it by: the limit must hold as the chunks arrive.
    let chunk = vec![b' '; 256 * 1024];
    let origin = chunked_server(vec![chunk; 5]).await;
    let error = client_at(&origin).login(&iadvize()).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit, .. } if limit == 1 << 20),
        "{error:?}"
    );
}

#[tokio::test]
async fn one_chunk_over_the_limit_is_refused() {
    let origin = chunked_server(vec![vec![b' '; MAX_BODY_BYTES + 1]]).await;
    let error = client_at(&origin).login(&iadvize()).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}
