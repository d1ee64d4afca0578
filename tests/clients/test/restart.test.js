'use strict';

// Stop a coffer server with SIGTERM and start it again on the same config:
// it comes back sealed and the data written before is intact.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, initAndUnseal } = require('./vault-helpers');

describe('coffer server restart', () => {
  const server = useCofferServer({ before, after, afterEach });
  let init;

  test('init, unseal, mount and write before the restart', async () => {
    const vault = vaultClient(server);
    init = await initAndUnseal(vault);
    vault.token = init.root_token;
    await vault.mount({ mount_point: 'secret', type: 'kv' });
    await vault.write('secret/persist', { value: 'across restarts', n: 42 });
    const res = await vault.read('secret/persist');
    assert.equal(res.data.value, 'across restarts');
  });

  test('SIGTERM stops the server cleanly', async () => {
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null },
      `expected exit code 0 after SIGTERM, got ${JSON.stringify(exit)}`);
  });

  test('after restart the server is initialized and sealed', async () => {
    await server.start();
    const vault = vaultClient(server);
    const initialized = await vault.initialized();
    assert.equal(initialized.initialized, true);
    const status = await vault.status();
    assert.equal(status.sealed, true);
    assert.equal(status.t, 2);
    assert.equal(status.n, 3);
    assert.equal(status.progress, 0);
  });

  test('unseal after restart: data and root token are intact', async () => {
    const vault = vaultClient(server);
    await vault.unseal({ key: init.keys[1] });
    const status = await vault.unseal({ key: init.keys[2] });
    assert.equal(status.sealed, false);
    vault.token = init.root_token;
    const res = await vault.read('secret/persist');
    assert.deepEqual(res.data, { value: 'across restarts', n: 42 });
    const mounts = await vault.mounts();
    assert.equal(mounts.data['secret/'].type, 'kv');
  });
});
