'use strict';

// One coffer server driven through node-vault from uninitialized to sealed
// and unsealed again. The tests run in order and share the server's state.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus } = require('./vault-helpers');

describe('node-vault against a fresh coffer server', () => {
  const server = useCofferServer({ before, after, afterEach });
  let vault;
  let keys;
  let rootToken;

  before(() => { vault = vaultClient(server); });

  test('initialized() is false before init', async () => {
    const res = await vault.initialized();
    assert.equal(res.initialized, false);
  });

  test('init() returns 3 keys and a root token', async () => {
    const res = await vault.init({ secret_shares: 3, secret_threshold: 2 });
    assert.ok(Array.isArray(res.keys), `keys is not an array: ${JSON.stringify(res)}`);
    assert.equal(res.keys.length, 3);
    assert.equal(new Set(res.keys).size, 3, 'unseal keys are not distinct');
    for (const k of res.keys) assert.match(k, /^[0-9a-f]+$/i);
    assert.equal(typeof res.root_token, 'string');
    assert.ok(res.root_token.length > 0, 'empty root_token');
    keys = res.keys;
    rootToken = res.root_token;
  });

  test('initialized() is true after init', async () => {
    const res = await vault.initialized();
    assert.equal(res.initialized, true);
  });

  test('status() shows sealed, t=2, n=3, progress 0', async () => {
    const res = await vault.status();
    assert.equal(res.sealed, true);
    assert.equal(res.initialized, true);
    assert.equal(res.t, 2);
    assert.equal(res.n, 3);
    assert.equal(res.progress, 0);
  });

  test('health() answers while sealed', async () => {
    const res = await vault.health();
    assert.equal(res.initialized, true);
    assert.equal(res.sealed, true);
  });

  test('unseal() with the first key gives progress 1', async () => {
    const res = await vault.unseal({ key: keys[0] });
    assert.equal(res.sealed, true);
    assert.equal(res.progress, 1);
    assert.equal(res.t, 2);
    assert.equal(res.n, 3);
  });

  test('unseal() with the second key unseals', async () => {
    const res = await vault.unseal({ key: keys[1] });
    assert.equal(res.sealed, false);
    assert.equal(res.progress, 0);
    const status = await vault.status();
    assert.equal(status.sealed, false);
  });

  test('requests without a token are refused with 403', async () => {
    await assertStatus(vault.mounts(), 403);
  });

  test('mount() mounts a kv engine at secret/', async () => {
    vault.token = rootToken;
    await vault.mount({ mount_point: 'secret', type: 'kv' });
    const res = await vault.mounts();
    const mounts = res.data || res;
    assert.ok(mounts['secret/'], `secret/ missing from mounts: ${JSON.stringify(res)}`);
    assert.equal(mounts['secret/'].type, 'kv');
  });

  test('write() then read() returns the data', async () => {
    await vault.write('secret/hello', { value: 'world', n: 1 });
    const res = await vault.read('secret/hello');
    assert.deepEqual(res.data, { value: 'world', n: 1 });
  });

  test('list() returns the key', async () => {
    const res = await vault.list('secret/');
    assert.deepEqual(res.data.keys, ['hello']);
  });

  test('list() of a nested folder shows the folder with a trailing slash', async () => {
    await vault.write('secret/app/db', { password: 'p' });
    const top = await vault.list('secret/');
    assert.deepEqual([...top.data.keys].sort(), ['app/', 'hello']);
    const nested = await vault.list('secret/app/');
    assert.deepEqual(nested.data.keys, ['db']);
    await vault.delete('secret/app/db');
  });

  test('delete() removes the secret: read() rejects with 404', async () => {
    await vault.delete('secret/hello');
    await assertStatus(vault.read('secret/hello'), 404);
  });

  test('list() of an empty folder rejects with 404', async () => {
    await assertStatus(vault.list('secret/nothing-here/'), 404);
    await assertStatus(vault.list('secret/'), 404);
  });

  test('mounts() lists secret/ and sys/', async () => {
    const res = await vault.mounts();
    assert.ok(res.data, `mounts response has no data: ${JSON.stringify(res)}`);
    assert.equal(res.data['secret/'] && res.data['secret/'].type, 'kv');
    assert.equal(res.data['sys/'] && res.data['sys/'].type, 'system');
  });

  test('a bad token gets 403', async () => {
    const bad = vaultClient(server, 'not-a-real-token');
    await assertStatus(bad.read('secret/hello'), 403);
    await assertStatus(bad.write('secret/x', { a: 1 }), 403);
    await assertStatus(bad.mounts(), 403);
  });

  test('seal() seals: status() is sealed and a read rejects with 503', async () => {
    await vault.write('secret/kept', { value: 'still here' });
    await vault.seal();
    const status = await vault.status();
    assert.equal(status.sealed, true);
    assert.equal(status.progress, 0);
    await assertStatus(vault.read('secret/kept'), 503);
  });

  test('health() reports sealed after seal()', async () => {
    const res = await vault.health();
    assert.equal(res.sealed, true);
  });

  test('unseal() again with two keys keeps the data', async () => {
    const first = await vault.unseal({ key: keys[2] });
    assert.equal(first.sealed, true);
    assert.equal(first.progress, 1);
    const second = await vault.unseal({ key: keys[0] });
    assert.equal(second.sealed, false);
    const res = await vault.read('secret/kept');
    assert.equal(res.data.value, 'still here');
  });

  test('a share that does not combine is rejected with 400 and resets progress', async () => {
    await vault.seal();
    // Flip the first byte: still a well-formed share, but not one of ours.
    const bogus = keys[0].replace(/^../, (b) => (b === '00' ? '01' : '00'));
    const first = await vault.unseal({ key: keys[1] });
    assert.equal(first.progress, 1);
    await assertStatus(vault.unseal({ key: bogus }), 400);
    const status = await vault.status();
    assert.equal(status.sealed, true);
    assert.equal(status.progress, 0);
  });

  test('a malformed unseal key is rejected with 400', async () => {
    await assertStatus(vault.unseal({ key: 'not hex or base64!' }), 400);
  });

  test('unseal() with two good keys after the failed attempt', async () => {
    await vault.unseal({ key: keys[2] });
    const res = await vault.unseal({ key: keys[0] });
    assert.equal(res.sealed, false);
    assert.equal((await vault.read('secret/kept')).data.value, 'still here');
  });

  test('leader() answers', async () => {
    const res = await vault.leader();
    assert.equal(typeof res.ha_enabled, 'boolean');
    assert.equal(res.ha_enabled, false);
  });

  test('health({ standbyok: true }) answers active and unsealed', async () => {
    const res = await vault.health({ standbyok: true });
    assert.equal(res.initialized, true);
    assert.equal(res.sealed, false);
    assert.equal(res.standby, false);
  });
});
