// A real, standards-complete authorization server for the code-flow tests: oidc-provider on
// 127.0.0.1 at a port the system picks. It prints one JSON line, {"issuer": "http://127.0.0.1:PORT"},
// once it listens, and stops when its standard input closes (so a test that dies takes it along).
import http from 'node:http';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const publicKey = createPublicKey(readFileSync(new URL('../keys/rsa.pub.pem', import.meta.url)));
const signingKey = { ...publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' };

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
  ],
  features: {
    clientCredentials: { enabled: true },
    deviceFlow: { enabled: true },
    devInteractions: { enabled: true },
  },
  scopes: ['openid', 'offline_access'],
  pkce: { required: () => true },
  // Refresh tokens for every client allowed the grant, without asking for offline_access.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { DeviceCode: 600, AccessToken: 3600, ClientCredentials: 600, RefreshToken: 86400, Interaction: 600, Session: 600, Grant: 600 },
  cookies: { keys: ['test-only-cookie-key'] },
};

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
