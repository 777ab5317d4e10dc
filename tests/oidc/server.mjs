// A real, standards-complete authorization server for the code-flow tests: oidc-provider on
// 127.0.0.1 at a port the system picks. It prints one JSON line, {"issuer": "http://127.0.0.1:PORT"},
// once it listens, and stops when its standard input closes (so a test that dies takes it along).
//
// With OIDC_TLS_DIR set (a directory holding ca.pem, server.pem and server.key), it serves https
// instead and asks every client for a certificate: mutual TLS (RFC 8705), for the `bank` client,
// whose certificate must come from that CA with the subject CN=bank-client.
import http from 'node:http';
import https from 'node:https';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const publicKey = createPublicKey(readFileSync(new URL('../keys/rsa.pub.pem', import.meta.url)));
const signingKey = { ...publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' };

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
// The client whose client-credentials tokens live only seconds: a subject that expires first.
const BRIEF_TTL = 4;

const configuration = {
  clients: [
    {
      // A confidential client: client credentials with HTTP Basic.
      client_id: 'service',
      client_secret: 'service-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // A native client (RFC 8252): code + PKCE, any loopback port, rotated refresh tokens.
      client_id: 'native',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
    },
    {
      // A client that signs its assertions (private_key_jwt) with tests/keys/rsa.pem.
      client_id: 'signed',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [signingKey] },
    },
    {
      // A public client of the device flow (RFC 8628), with refresh tokens.
      client_id: 'device',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      // Like `service`, but its tokens expire within seconds.
      client_id: 'brief',
      client_secret: 'brief-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // A client of the token exchange registered below (RFC 8693).
      client_id: 'exchanger',
      client_secret: 'exchanger-secret',
      grant_types: [TOKEN_EXCHANGE],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // A client authenticated by its certificate alone (RFC 8705 section 2.1), its tokens
      // bound to the certificate (section 3). Only over https (OIDC_TLS_DIR).
      client_id: 'bank',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=bank-client',
      tls_client_certificate_bound_access_tokens: true,
    },
  ],
  features: {
    mTLS: {
      enabled: true,
      certificateBoundAccessTokens: true,
      tlsClientAuth: true,
      getCertificate: (ctx) => peerCertificate(ctx)?.toString(),
      // Chained to the CA the server was given (Node checked it; it did not refuse).
      certificateAuthorized: (ctx) => ctx.socket.authorized === true,
      certificateSubjectMatches: (ctx, property, expected) =>
        property === 'tls_client_auth_subject_dn' && peerCertificate(ctx)?.subject === expected,
    },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    deviceFlow: { enabled: true },
    devInteractions: { enabled: true },
  },
  // The defaults, and the certificate methods of RFC 8705 for the `bank` client.
  clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'tls_client_auth'],
  scopes: ['openid', 'offline_access'],
  pkce: { required: () => true },
  // Refresh tokens for every client allowed the grant, without asking for offline_access.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: {
    DeviceCode: 600,
    AccessToken: 3600,
    ClientCredentials: (_ctx, _token, client) => (client.clientId === 'brief' ? BRIEF_TTL : 600),
    RefreshToken: 86400,
    Interaction: 600,
    Session: 600,
    Grant: 600,
  },
  cookies: { keys: ['test-only-cookie-key'] },
};

// RFC 8693, which oidc-provider leaves to its host: the subject must be an access token this
// server issued by client credentials and that has not expired; the exchanging client gets a
// token of its own (lasting its usual ten minutes, whatever is left of the subject's).
async function tokenExchange(ctx) {
  const { client, params, provider } = ctx.oidc;
  if (params.subject_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest('subject_token_type must be an access token');
  }
  const subject = await provider.ClientCredentials.find(params.subject_token);
  if (!subject || subject.isExpired) {
    throw new errors.InvalidGrant('the subject token is not valid');
  }
  const token = new provider.ClientCredentials({ client, scope: undefined });
  const value = await token.save();
  ctx.body = {
    access_token: value,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: token.expiration,
  };
}

// The certificate the TLS connection presented, if any.
function peerCertificate(ctx) {
  const peer = ctx.socket.getPeerCertificate?.();
  return peer?.raw ? new X509Certificate(peer.raw) : undefined;
}

const tlsDir = process.env.OIDC_TLS_DIR;
const server = tlsDir
  ? https.createServer({
    key: readFileSync(`${tlsDir}/server.key`),
    cert: readFileSync(`${tlsDir}/server.pem`),
    ca: readFileSync(`${tlsDir}/ca.pem`),
    requestCert: true,
    // Asked for, not required: a request without one gets invalid_client from the server.
    rejectUnauthorized: false,
  })
  : http.createServer();
server.listen(0, '127.0.0.1', () => {
  const scheme = tlsDir ? 'https' : 'http';
  const issuer = `${scheme}://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  provider.registerGrantType(TOKEN_EXCHANGE, tokenExchange, ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type']);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
