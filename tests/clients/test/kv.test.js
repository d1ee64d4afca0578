'use strict';

// node-vault's generic read/write/list/delete against a KV v2 mount at
// secret/: versioned writes and reads, check-and-set, soft delete and
// undelete, destroying versions through secret/destroy/..., and key
// metadata. The tests run in order and share one server.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, initAndUnseal } = require('./vault-helpers');

// Asserts that a node-vault call fails with HTTP `status` and returns the
// error body, so callers can inspect what the server said.
async function failureBody(promise, status) {
  let body;
  await assert.rejects(promise, (err) => {
    assert.equal(err.response && err.response.statusCode, status,
      `expected HTTP ${status}: ${err.message} ${JSON.stringify(err.response && err.response.body)}`);
    body = err.response.body;
    return true;
  });
  return body;
}

describe('node-vault against a KV v2 mount', () => {
  const server = useCofferServer({ before, after, afterEach });
  let vault;

  before(async () => {
    const init = await initAndUnseal(vaultClient(server));
    vault = vaultClient(server, init.root_token);
    await vault.mount({ mount_point: 'secret', type: 'kv', options: { version: '2' } });
  });

  test('each write makes a new version; reads pick the latest or ?version=N', async () => {
    const first = await vault.write('secret/data/app', { data: { user: 'bob', pass: 'one' } });
    assert.equal(first.data.version, 1);
    assert.equal(first.data.destroyed, false);
    assert.equal(first.data.deletion_time, '');
    const second = await vault.write('secret/data/app', { data: { user: 'bob', pass: 'two' } });
    assert.equal(second.data.version, 2);

    const latest = await vault.read('secret/data/app');
    assert.deepEqual(latest.data.data, { user: 'bob', pass: 'two' });
    assert.equal(latest.data.metadata.version, 2);

    const old = await vault.read('secret/data/app?version=1');
    assert.deepEqual(old.data.data, { user: 'bob', pass: 'one' });
    assert.equal(old.data.metadata.version, 1);

    await assertStatus(vault.read('secret/data/app?version=9'), 404);
    await assertStatus(vault.read('secret/data/missing'), 404);
  });

  test('check-and-set: a stale or zero cas is refused and writes nothing', async () => {
    const stale = await failureBody(
      vault.write('secret/data/app', { options: { cas: 1 }, data: { pass: 'stale' } }), 400);
    assert.ok(stale.errors.some((e) => /check-and-set/.test(e)), JSON.stringify(stale));
    await failureBody(vault.write('secret/data/app', { options: { cas: 0 }, data: { pass: 'new' } }), 400);
    assert.equal((await vault.read('secret/data/app')).data.metadata.version, 2);

    const ok = await vault.write('secret/data/app', { options: { cas: 2 }, data: { user: 'bob', pass: 'three' } });
    assert.equal(ok.data.version, 3);
    const created = await vault.write('secret/data/fresh', { options: { cas: 0 }, data: { a: '1' } });
    assert.equal(created.data.version, 1);
  });

  test('delete hides the latest version, undelete brings it back', async () => {
    await vault.delete('secret/data/app');
    const deleted = await failureBody(vault.read('secret/data/app'), 404);
    assert.equal(deleted.data.data, null);
    assert.equal(deleted.data.metadata.version, 3);
    assert.notEqual(deleted.data.metadata.deletion_time, '');
    // Older versions stay readable.
    assert.equal((await vault.read('secret/data/app?version=2')).data.data.pass, 'two');

    await vault.write('secret/undelete/app', { versions: [3] });
    assert.equal((await vault.read('secret/data/app')).data.data.pass, 'three');

    await vault.write('secret/delete/app', { versions: [1, 2] });
    await assertStatus(vault.read('secret/data/app?version=1'), 404);
    await assertStatus(vault.read('secret/data/app?version=2'), 404);
    await vault.write('secret/undelete/app', { versions: ['2'] });
    assert.equal((await vault.read('secret/data/app?version=2')).data.data.pass, 'two');
  });

  test('destroy through secret/destroy/... removes a version for good', async () => {
    await vault.write('secret/destroy/app', { versions: [2] });
    const destroyed = await failureBody(vault.read('secret/data/app?version=2'), 404);
    assert.equal(destroyed.data.data, null);
    assert.equal(destroyed.data.metadata.destroyed, true);

    // A destroyed version cannot be undeleted.
    await vault.write('secret/undelete/app', { versions: [2] });
    await assertStatus(vault.read('secret/data/app?version=2'), 404);
    assert.equal((await vault.read('secret/data/app')).data.data.pass, 'three');

    const metadata = await vault.read('secret/metadata/app');
    assert.equal(metadata.data.versions['2'].destroyed, true);
    assert.equal(metadata.data.versions['3'].destroyed, false);
  });

  test('metadata: settings, custom metadata, version pruning, list and delete', async () => {
    await vault.write('secret/metadata/app', { max_versions: 2, custom_metadata: { owner: 'ops' } });
    let metadata = (await vault.read('secret/metadata/app')).data;
    assert.equal(metadata.max_versions, 2);
    assert.deepEqual(metadata.custom_metadata, { owner: 'ops' });
    assert.equal(metadata.current_version, 3);

    await vault.write('secret/data/app', { data: { pass: 'four' } });
    metadata = (await vault.read('secret/metadata/app')).data;
    assert.equal(metadata.current_version, 4);
    assert.deepEqual(Object.keys(metadata.versions).sort(), ['3', '4']);
    await assertStatus(vault.read('secret/data/app?version=1'), 404);

    await vault.write('secret/data/team/db', { data: { a: '1' } });
    const top = await vault.list('secret/metadata');
    assert.deepEqual(top.data.keys.sort(), ['app', 'fresh', 'team/']);
    assert.deepEqual((await vault.list('secret/metadata/team')).data.keys, ['db']);

    await vault.delete('secret/metadata/app');
    await assertStatus(vault.read('secret/metadata/app'), 404);
    await assertStatus(vault.read('secret/data/app'), 404);
    assert.deepEqual((await vault.list('secret/metadata')).data.keys.sort(), ['fresh', 'team/']);
  });
});
