// TLS: `aether serve --tls-cert/--tls-key` speaks only TLS; the SDK connects to its https:// URL
// trusting the test's CA (`caFile`, or AETHER_CA_FILE) and runs a workflow to completion, while
// a client without the CA and a plaintext client are refused. The certificates are made here
// with the openssl command: a CA, and a server certificate it signs for 127.0.0.1 and localhost.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { type AetherClient, aether } from '../src/index.js';
import { Server, freePort, tempDir } from './harness.js';

interface Certificates {
  caFile: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCertificates(dir: string, subjectAltName = 'IP:127.0.0.1,DNS:localhost'): Certificates {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=aether-test-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    `subjectAltName=${subjectAltName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server.pem',
      '-days', '1', '-extfile', 'server.ext'],
    dir,
  );
  return { caFile: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') };
}

let server: Server;
let certificates: Certificates;
const servers: Server[] = [];
const clients: AetherClient[] = [];

function client(options: { serverUrl: string | string[]; caFile?: string }): AetherClient {
  const made = aether(options);
  clients.push(made);
  return made;
}

before(async () => {
  delete process.env['AETHER_CA_FILE'];
  certificates = makeCertificates(tempDir('aether-ts-tls-'));
  server = await Server.start(['--persistence', 'memory', '--tls-cert', certificates.cert, '--tls-key', certificates.key]);
});

after(async () => {
  for (const made of clients) {
    await made.close();
  }
  await server.kill();
  for (const other of servers) await other.kill();
});

test('the server announces an https:// URL', () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
});

test('a worker and a client trusting the CA run a workflow over https', async () => {
  const secure = client({ serverUrl: server.url, caFile: certificates.caFile });
  const greet = secure.workflow('ts-tls-greet', async (ctx, name: string) => ctx.step('greet', async () => `Hello, ${name}!`));
  await secure.serve([greet]);
  const id = await greet.start('TLS');
  assert.equal(await greet.result(id), 'Hello, TLS!');
  assert.equal((await secure.getStatus(id)).state, 'COMPLETED');
});

test('AETHER_CA_FILE is the default CA file', async () => {
  process.env['AETHER_CA_FILE'] = certificates.caFile;
  try {
    const fromEnv = client({ serverUrl: server.url });
    assert.ok(Array.isArray(await fromEnv.list({ limit: 1 })));
  } finally {
    delete process.env['AETHER_CA_FILE'];
  }
});

test('a client without the CA is refused', async () => {
  const untrusting = client({ serverUrl: server.url });
  await assert.rejects(untrusting.list(), (error: Error) => {
    assert.match(error.message, /certificate|UNAVAILABLE|14/i);
    return true;
  });
});

test('a plaintext client is refused', async () => {
  const plain = client({ serverUrl: server.url.replace('https://', 'http://') });
  await assert.rejects(plain.list());
});

test('a CA file that is not PEM, or one given for an http:// URL, is a clear error', () => {
  assert.throws(() => aether({ serverUrl: server.url, caFile: join(tempDir(), 'absent.pem') }), /cannot read the CA file/);
  const notPem = join(tempDir(), 'ca.txt');
  writeFileSync(notPem, 'not a certificate');
  assert.throws(() => aether({ serverUrl: server.url, caFile: notPem }), /holds no PEM certificate/);
  assert.throws(() => aether({ serverUrl: 'http://127.0.0.1:7233', caFile: certificates.caFile }), /for https:\/\/ servers/);
});

test('a list of https nodes skips a dead one and checks certificates against the hosts as written', async () => {
  // A certificate for the name localhost only: the list connects to 127.0.0.1, and it is the
  // name the user wrote that the certificate must match.
  const named = makeCertificates(tempDir('aether-ts-tls-named-'), 'DNS:localhost');
  const node = await Server.start(['--persistence', 'memory', '--tls-cert', named.cert, '--tls-key', named.key]);
  servers.push(node);
  const port = new URL(node.url).port;
  const dead = await freePort();
  const byName = client({ serverUrl: [`https://localhost:${dead}`, `https://localhost:${port}`], caFile: named.caFile });
  assert.ok(Array.isArray(await byName.list({ limit: 1 })));
  const byAddress = client({ serverUrl: [`https://127.0.0.1:${dead}`, `https://127.0.0.1:${port}`], caFile: named.caFile });
  await assert.rejects(byAddress.list(), /certificate|UNAVAILABLE|14/i);
});
