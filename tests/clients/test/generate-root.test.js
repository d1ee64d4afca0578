'use strict';

// node-vault's generateRootInit / generateRootUpdate / generateRootCancel
// against a server with 3 shares and a threshold of 2; then the same flow
// on the DR operation token endpoints after demoting the cluster, through
// node-vault's generic request(). The tests run in order and share one server.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, initAndUnseal } = require('./vault-helpers');

// Vault's OTP encoding: base64 (without padding) of token XOR otp.
function decode(encoded, otp) {
  const bytes = Buffer.from(encoded, 'base64');
  const pad = Buffer.from(otp, 'utf8');
  assert.equal(bytes.length, pad.length, 'encoded token and OTP differ in length');
  return Buffer.from(bytes.map((b, i) => b ^ pad[i])).toString('utf8');
}

function base62(length) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const random = require('node:crypto').randomBytes(length);
  return Array.from(random, (b) => alphabet[b % 62]).join('');
}

describe('node-vault generate-root against coffer', () => {
  const server = useCofferServer({ before, after, afterEach });
  let anonymous;
  let keys;
  let rootToken;

  before(async () => {
    const init = await initAndUnseal(vaultClient(server));
    keys = init.keys;
    rootToken = init.root_token;
    anonymous = vaultClient(server);
  });

  test('generateRootInit with a wrong-length OTP is a 400', async () => {
    await assertStatus(anonymous.generateRootInit({ otp: 'short' }), 400);
  });

  test('init, two shares, decode: the new root token works', async () => {
    const otp = base62(28);
    const started = await anonymous.generateRootInit({ otp });
    assert.equal(started.started, true);
    assert.equal(started.required, 2);
    assert.equal(started.otp_length, 28);
    await assertStatus(anonymous.generateRootInit({ otp }), 400);

    const first = await anonymous.generateRootUpdate({ key: keys[1], nonce: started.nonce });
    assert.equal(first.progress, 1);
    assert.equal(first.complete, false);
    await assertStatus(anonymous.generateRootUpdate({ key: keys[1], nonce: started.nonce }), 400);
    const last = await anonymous.generateRootUpdate({ key: keys[2], nonce: started.nonce });
    assert.equal(last.complete, true);

    const token = decode(last.encoded_token, otp);
    assert.notEqual(token, rootToken);
    const self = await vaultClient(server, token).tokenLookupSelf();
    assert.deepEqual(self.data.policies, ['root']);
  });

  test('generateRootCancel clears an attempt', async () => {
    const started = await anonymous.generateRootInit({});
    assert.equal(started.otp.length, 28);
    await anonymous.generateRootCancel();
    await assertStatus(anonymous.generateRootUpdate({ key: keys[0], nonce: started.nonce }), 400);
  });

  test('after demote, the DR operation token endpoints mint a token that deletes itself', async () => {
    const root = vaultClient(server, rootToken);
    await root.write('sys/replication/dr/primary/enable', {});
    await root.write('sys/replication/dr/primary/demote', {});
    await assertStatus(anonymous.generateRootInit({}), 400);

    const base = 'sys/replication/dr/secondary/generate-operation-token';
    const started = await anonymous.write(`${base}/attempt`, {});
    const otp = started.otp;
    assert.equal(otp.length, started.otp_length);
    await anonymous.write(`${base}/update`, { key: keys[0], nonce: started.nonce });
    const last = await anonymous.write(`${base}/update`, { key: keys[2], nonce: started.nonce });
    assert.equal(last.complete, true);
    const token = decode(last.encoded_token, otp);

    await anonymous.write('sys/replication/dr/secondary/operation-token/delete', { dr_operation_token: token });
    await assertStatus(anonymous.write('sys/replication/dr/secondary/operation-token/delete', { dr_operation_token: token }), 403);
  });
});
