'use strict';

// node-vault's mount commands (mounts, mount, unmount, remount) and mount
// tuning through write() against a real coffer server. node-vault sends its
// whole argument object as the body, mount_point included, so the server has
// to ignore what it does not know.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, readyServer } = require('./vault-helpers');

const UPGRADING = 'Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.';

// Retries `fn` while the mount answers with the upgrade 400, as clients of Vault do.
async function untilUpgraded(fn) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const errors = (err.response && err.response.body && err.response.body.errors) || [];
      if (attempt >= 100 || err.response.statusCode !== 400 || !errors.includes(UPGRADING)) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function waitForMigration(vault, id) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await vault.read(`sys/remount/status/${id}`);
    if (status.data.migration_info.status !== 'in-progress') {
      return status.data;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`migration ${id} did not finish`);
}

describe('node-vault mounts', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  before(async () => {
    rootToken = await readyServer(server);
  });

  test('mount() with config, then mounts() reports it like Vault', async () => {
    await root().mount({
      mount_point: 'team', type: 'kv-v2', description: 'team data', local: true,
      config: { default_lease_ttl: '1h', max_lease_ttl: '2h', listing_visibility: 'hidden' },
    });
    const res = await root().mounts();
    const team = res.data['team/'];
    assert.equal(team.type, 'kv');
    assert.equal(team.description, 'team data');
    assert.deepEqual(team.options, { version: '2' });
    assert.equal(team.local, true);
    assert.equal(team.seal_wrap, false);
    assert.match(team.accessor, /^kv_[0-9a-f]{8}$/);
    assert.equal(team.config.default_lease_ttl, 3600);
    assert.equal(team.config.max_lease_ttl, 7200);
    assert.equal(team.config.listing_visibility, 'hidden');
    // Legacy clients read the map at the top level too.
    assert.equal(res['team/'].type, 'kv');
    assert.equal(res['sys/'].type, 'system');
  });

  test('mount() of a taken path or without a type rejects with 400', async () => {
    await assertStatus(root().mount({ mount_point: 'team', type: 'kv' }), 400);
    await assertStatus(root().mount({ mount_point: 'typeless' }), 400);
  });

  test('tune through write(): GET shows the effective values, bad input is a 400', async () => {
    await root().write('sys/mounts/team/tune', {
      description: 'tuned', default_lease_ttl: '30m', audit_non_hmac_request_keys: ['user'], options: { color: 'blue' },
    });
    const tune = await root().read('sys/mounts/team/tune');
    assert.equal(tune.data.description, 'tuned');
    assert.equal(tune.data.default_lease_ttl, 1800);
    assert.equal(tune.data.max_lease_ttl, 7200);
    assert.deepEqual(tune.data.audit_non_hmac_request_keys, ['user']);
    assert.deepEqual(tune.data.options, { color: 'blue', version: '2' });

    await assertStatus(root().write('sys/mounts/team/tune', { max_lease_ttl: '10m' }), 400);
    await assertStatus(root().write('sys/mounts/team/tune', { listing_visibility: 'everyone' }), 400);
    await assertStatus(root().write('sys/mounts/team/tune', { options: { version: '1' } }), 400);
    assert.equal((await root().read('sys/mounts/team/tune')).data.default_lease_ttl, 1800);
  });

  test('tuning a kv v1 mount to version 2 keeps its secrets as version 1', async () => {
    await root().mount({ mount_point: 'legacy', type: 'kv' });
    await root().write('legacy/db', { password: 'p1' });
    const tuned = await root().write('sys/mounts/legacy/tune', { options: { version: '2' } });
    assert.match(tuned.warnings[0], /^Upgrading mount from version 1 to version 2/);

    const read = await untilUpgraded(() => root().read('legacy/data/db'));
    assert.equal(read.data.data.password, 'p1');
    assert.equal(read.data.metadata.version, 1);
    const written = await root().write('legacy/data/db', { data: { password: 'p2' } });
    assert.equal(written.data.version, 2);
  });

  test('remount() moves a mount with its data and reports the migration', async () => {
    await root().mount({ mount_point: 'old', type: 'kv' });
    await root().write('old/app', { token: 't1' });
    const started = await root().remount({ from: 'old', to: 'new/place' });
    assert.match(started.data.migration_id, /^[0-9a-f-]{36}$/);
    const done = await waitForMigration(root(), started.data.migration_id);
    assert.deepEqual(done.migration_info, { source_mount: 'old/', target_mount: 'new/place/', status: 'success' });

    assert.equal((await root().read('new/place/app')).data.token, 't1');
    await assertStatus(root().read('old/app'), 404);
    await assertStatus(root().remount({ from: 'sys', to: 'elsewhere' }), 400);
    await assertStatus(root().remount({ from: 'new/place', to: 'team' }), 400);
  });

  test('unmount() removes the mount and its data', async () => {
    await root().write('new/place/other', { a: 'b' });
    await root().unmount({ mount_point: 'new/place' });
    assert.equal((await root().mounts()).data['new/place/'], undefined);
    await root().mount({ mount_point: 'new/place', type: 'kv' });
    await assertStatus(root().read('new/place/app'), 404);
  });

  test('listing_visibility=unauth shows the mount to callers without a token', async () => {
    await root().write('sys/mounts/team/tune', { listing_visibility: 'unauth' });
    const anonymous = await vaultClient(server).read('sys/internal/ui/mounts');
    assert.deepEqual(Object.keys(anonymous.data.secret), ['team/']);
    assert.deepEqual(anonymous.data.secret['team/'], { type: 'kv', description: 'tuned', options: { color: 'blue', version: '2' } });
  });
});
