'use strict';

// node-vault's lease commands (renew, revoke, revokePrefix) against a real
// coffer server.
//
// No secret engine in this build hands out leases yet (the database engine is
// being built separately), so there is no real lease id to renew. What can be
// checked for real: the answers for lease ids the server does not hold, that
// revokePrefix (node-vault's legacy PUT sys/revoke-prefix/<prefix>) revokes
// the tokens issued under a path, as Vault does, and that it needs sudo.
// The lease lifecycle itself is covered by Coffer.Core.Tests/Leases.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, readyServer } = require('./vault-helpers');

describe('node-vault lease commands', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  before(async () => {
    rootToken = await readyServer(server);
    await root().addPolicy({
      name: 'lease-caller',
      rules: 'path "sys/revoke-prefix/*" { capabilities = ["update"] }\n',
    });
  });

  test('renew() of a lease the server does not hold is a 400 "lease not found"', async () => {
    await assert.rejects(root().renew({ lease_id: 'database/creds/ro/AbCdEfGhIjKlMnOpQrStUvWx', increment: 60 }),
      (err) => {
        assert.equal(err.response.statusCode, 400);
        assert.equal(err.message, 'lease not found');
        return true;
      });
  });

  test('revoke() of an unknown lease succeeds, as in Vault', async () => {
    await root().revoke({ lease_id: 'database/creds/ro/AbCdEfGhIjKlMnOpQrStUvWx' });
  });

  test('the default policy lets a token renew (and look up) leases', async () => {
    const { auth } = await root().tokenCreate({ policies: ['default'], ttl: '10m' });
    const holder = vaultClient(server, auth.client_token);
    // Allowed through: the server's own answer, not a 403.
    await assertStatus(holder.renew({ lease_id: 'nope/AbCdEfGhIjKlMnOpQrStUvWx' }), 400);
    await assertStatus(holder.write('sys/leases/lookup', { lease_id: 'nope/AbCdEfGhIjKlMnOpQrStUvWx' }), 400);
    // Revocation is not in the default policy.
    await assertStatus(holder.revoke({ lease_id: 'nope/AbCdEfGhIjKlMnOpQrStUvWx' }), 403);
  });

  test('revokePrefix() revokes the tokens issued under the path', async () => {
    const orphan = (await root().tokenCreateOrphan({ policies: ['default'], ttl: '1h' })).auth.client_token;
    const child = (await root().tokenCreate({ policies: ['default'], ttl: '1h' })).auth.client_token;

    await root().revokePrefix({ path_prefix: 'auth/token/create-orphan' });

    await assertStatus(root().tokenLookup({ token: orphan }), 403);
    const { data } = await root().tokenLookup({ token: child });
    assert.equal(data.path, 'auth/token/create');
  });

  test('revokePrefix() needs sudo', async () => {
    const { auth } = await root().tokenCreate({ policies: ['lease-caller'], ttl: '10m' });
    await assertStatus(vaultClient(server, auth.client_token).revokePrefix({ path_prefix: 'auth/token/create' }), 403);
  });
});
