'use strict';

// node-vault's token commands (auth/token/*) against a real coffer server:
// create, lookup, renew, revoke in all their forms, accessors, token roles,
// and a token whose policy does not allow what it asks for.
//
// node-vault's create/renew/login commands are "token sources": on success
// they replace the client's own token with the one in the answer. The tests
// assert that once and otherwise give every call its own client.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, readyServer, READER_RULES } = require('./vault-helpers');

describe('node-vault token commands', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  // A fresh child of root with the reader policy; returns its auth block.
  async function createReader(args = {}) {
    const res = await root().tokenCreate({ policies: ['reader'], ttl: '1h', ...args });
    return res.auth;
  }

  before(async () => {
    rootToken = await readyServer(server);
    await root().addPolicy({ name: 'reader', rules: READER_RULES });
    await root().addPolicy({ name: 'creator', rules: 'path "auth/token/create" { capabilities = ["update"] }' });
    await root().write('secret/app', { password: 'p4ss' });
  });

  test('tokenCreate() with policies, ttl and meta returns the auth block', async () => {
    const vault = root();
    const res = await vault.tokenCreate({ policies: ['reader'], ttl: '1h', meta: { team: 'ops' }, display_name: 'ci' });
    const { auth } = res;
    assert.match(auth.client_token, /^hvs\./);
    assert.equal(typeof auth.accessor, 'string');
    assert.ok(auth.accessor.length > 0, 'empty accessor');
    assert.deepEqual(auth.policies, ['default', 'reader']);
    assert.deepEqual(auth.token_policies, ['default', 'reader']);
    assert.deepEqual(auth.metadata, { team: 'ops' });
    assert.equal(auth.lease_duration, 3600);
    assert.equal(auth.renewable, true);
    assert.equal(auth.orphan, false);
    assert.equal(auth.token_type, 'service');
    assert.equal(res.data, null);
    // node-vault switches to the token it just created.
    assert.equal(vault.token, auth.client_token);
  });

  test('tokenCreateOrphan() makes an orphan', async () => {
    const { auth } = await root().tokenCreateOrphan({ policies: ['reader'], ttl: '10m' });
    assert.equal(auth.orphan, true);
    assert.equal(auth.lease_duration, 600);
    const { data } = await root().tokenLookup({ token: auth.client_token });
    assert.equal(data.orphan, true);
    assert.equal(data.path, 'auth/token/create-orphan');
  });

  test('tokenLookup() shows the token as created', async () => {
    const auth = await createReader({ meta: { team: 'ops' }, display_name: 'ci', num_uses: 5 });
    const { data } = await root().tokenLookup({ token: auth.client_token });
    assert.equal(data.id, auth.client_token);
    assert.equal(data.accessor, auth.accessor);
    assert.deepEqual(data.policies, ['default', 'reader']);
    assert.deepEqual(data.meta, { team: 'ops' });
    assert.equal(data.display_name, 'token-ci');
    assert.equal(data.path, 'auth/token/create');
    assert.equal(data.num_uses, 5);
    assert.equal(data.creation_ttl, 3600);
    assert.ok(data.ttl > 3500 && data.ttl <= 3600, `ttl ${data.ttl}`);
    assert.equal(data.orphan, false);
    assert.equal(data.renewable, true);
    assert.equal(data.type, 'service');
    assert.equal(typeof data.creation_time, 'number');
    assert.match(data.expire_time, /^\d{4}-\d\d-\d\dT/);
  });

  test('tokenLookup() of an unknown token rejects with 403', async () => {
    await assertStatus(root().tokenLookup({ token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' }), 403);
  });

  test('tokenLookupSelf() shows the caller; the root token never expires', async () => {
    const auth = await createReader();
    const self = await vaultClient(server, auth.client_token).tokenLookupSelf();
    assert.equal(self.data.id, auth.client_token);
    assert.deepEqual(self.data.policies, ['default', 'reader']);

    const rootSelf = await root().tokenLookupSelf();
    assert.deepEqual(rootSelf.data.policies, ['root']);
    assert.equal(rootSelf.data.path, 'auth/token/root');
    assert.equal(rootSelf.data.display_name, 'root');
    assert.equal(rootSelf.data.ttl, 0);
    assert.equal(rootSelf.data.expire_time, null);
    assert.equal(rootSelf.data.orphan, true);
  });

  test('tokenLookupAccessor() shows the token without its id', async () => {
    const auth = await createReader();
    const { data } = await root().tokenLookupAccessor({ accessor: auth.accessor });
    assert.equal(data.id, '');
    assert.equal(data.accessor, auth.accessor);
    assert.deepEqual(data.policies, ['default', 'reader']);
  });

  test('tokenRenew() with a string increment restarts the TTL from now', async () => {
    const auth = await createReader();
    const vault = root();
    const res = await vault.tokenRenew({ token: auth.client_token, increment: '30m' });
    assert.equal(res.auth.client_token, auth.client_token);
    assert.equal(res.auth.lease_duration, 1800);
    assert.equal(res.auth.renewable, true);
    const { data } = await root().tokenLookup({ token: auth.client_token });
    assert.ok(data.ttl > 1700 && data.ttl <= 1800, `ttl ${data.ttl}`);
    assert.equal(typeof data.last_renewal_time, 'number');
  });

  test('tokenRenewSelf() with an integer increment', async () => {
    const auth = await createReader();
    const res = await vaultClient(server, auth.client_token).tokenRenewSelf({ increment: 600 });
    assert.equal(res.auth.lease_duration, 600);
  });

  test('tokenRenew() of a non-renewable token rejects with 400', async () => {
    const auth = await createReader({ renewable: false });
    await assertStatus(root().tokenRenew({ token: auth.client_token }), 400);
  });

  test('tokenRevoke() revokes the token and its children', async () => {
    const parent = await createReader({ policies: ['reader', 'creator'] });
    const child = (await vaultClient(server, parent.client_token).tokenCreate({ ttl: '10m' })).auth;
    assert.deepEqual(child.policies, ['creator', 'default', 'reader']);
    assert.equal(child.orphan, false);
    const res = await root().tokenRevoke({ token: parent.client_token });
    assert.equal(res, '', 'revoke answers 204 without a body');
    await assertStatus(root().tokenLookup({ token: parent.client_token }), 403);
    await assertStatus(root().tokenLookup({ token: child.client_token }), 403);
    await assertStatus(vaultClient(server, child.client_token).read('secret/app'), 403);
  });

  test('tokenRevokeAccessor() revokes by accessor', async () => {
    const auth = await createReader();
    await root().tokenRevokeAccessor({ accessor: auth.accessor });
    await assertStatus(root().tokenLookup({ token: auth.client_token }), 403);
    await assertStatus(root().tokenLookupAccessor({ accessor: auth.accessor }), 400);
  });

  test('tokenRevokeOrphan() revokes only the parent; the child becomes an orphan', async () => {
    const parent = await createReader({ policies: ['reader', 'creator'] });
    const child = (await vaultClient(server, parent.client_token).tokenCreate({ ttl: '10m' })).auth;
    await root().tokenRevokeOrphan({ token: parent.client_token });
    await assertStatus(root().tokenLookup({ token: parent.client_token }), 403);
    const { data } = await root().tokenLookup({ token: child.client_token });
    assert.equal(data.orphan, true);
    assert.equal((await vaultClient(server, child.client_token).read('secret/app')).data.password, 'p4ss');
  });

  test('tokenRevokeOrphan() needs sudo: a reader gets 403', async () => {
    const auth = await createReader();
    const victim = await createReader();
    await assertStatus(vaultClient(server, auth.client_token).tokenRevokeOrphan({ token: victim.client_token }), 403);
  });

  test('tokenRevokeSelf() revokes the caller', async () => {
    const auth = await createReader();
    const vault = vaultClient(server, auth.client_token);
    await vault.tokenRevokeSelf();
    await assertStatus(vault.tokenLookupSelf(), 403);
  });

  test('tokenAccessors() lists accessors for root, 403 for a reader', async () => {
    const auth = await createReader();
    const res = await root().tokenAccessors();
    assert.ok(res.data.keys.includes(auth.accessor), `accessor missing from ${JSON.stringify(res.data.keys)}`);
    await assertStatus(vaultClient(server, auth.client_token).tokenAccessors(), 403);
  });

  test('addTokenRole() / getTokenRole() / tokenRoles()', async () => {
    await root().addTokenRole({
      role_name: 'ci', allowed_policies: 'reader', orphan: true, period: 3600, renewable: true, path_suffix: 'build',
    });
    const { data } = await root().getTokenRole({ role_name: 'ci' });
    assert.equal(data.name, 'ci');
    assert.deepEqual(data.allowed_policies, ['reader']);
    assert.equal(data.orphan, true);
    assert.equal(data.renewable, true);
    assert.equal(data.path_suffix, 'build');
    assert.equal(data.token_period, 3600);
    const roles = await root().tokenRoles();
    assert.deepEqual(roles.data.keys, ['ci']);
  });

  test('tokenCreateRole() makes a periodic orphan token from the role', async () => {
    const { auth } = await root().tokenCreateRole({ role_name: 'ci', policies: ['reader'] });
    assert.deepEqual(auth.policies, ['default', 'reader']);
    assert.equal(auth.orphan, true);
    assert.equal(auth.lease_duration, 3600);
    const { data } = await root().tokenLookup({ token: auth.client_token });
    assert.equal(data.path, 'auth/token/create/ci/build');
    assert.equal(data.role, 'ci');
    assert.equal(data.period, 3600);
  });

  test('tokenCreateRole() refuses a policy the role does not allow (400)', async () => {
    await root().addPolicy({ name: 'writer', rules: 'path "secret/*" { capabilities = ["create", "update"] }' });
    await assertStatus(root().tokenCreateRole({ role_name: 'ci', policies: ['writer'] }), 400);
  });

  test('removeTokenRole() deletes it: get and list reject with 404', async () => {
    await root().removeTokenRole({ role_name: 'ci' });
    await assertStatus(root().getTokenRole({ role_name: 'ci' }), 404);
    await assertStatus(root().tokenRoles(), 404);
  });

  test('a reader token may read secret/ but everything else is refused with 403', async () => {
    const auth = await createReader();
    const reader = vaultClient(server, auth.client_token);
    assert.equal((await reader.read('secret/app')).data.password, 'p4ss');
    assert.deepEqual((await reader.list('secret/')).data.keys, ['app']);
    await assertStatus(reader.write('secret/app', { password: 'stolen' }), 403);
    await assertStatus(reader.delete('secret/app'), 403);
    await assertStatus(reader.mounts(), 403);
    await assertStatus(reader.addPolicy({ name: 'mine', rules: 'path "*" { capabilities = ["sudo"] }' }), 403);
    await assertStatus(reader.tokenCreate({ policies: ['reader'] }), 403);
    await assertStatus(reader.tokenCreateOrphan({ policies: ['reader'] }), 403);
    assert.equal((await root().read('secret/app')).data.password, 'p4ss');
  });
});
