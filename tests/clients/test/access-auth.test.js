'use strict';

// node-vault's policy, auth-method, userpass and AppRole commands against a
// real coffer server. node-vault sends the whole argument object as the body
// of schema-less commands (addPolicy sends `name` too, enableAuth sends
// `mount_point`), so the server has to ignore what it does not know.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, readyServer, READER_RULES } = require('./vault-helpers');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('node-vault policies and auth methods', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  before(async () => {
    rootToken = await readyServer(server);
    await root().write('secret/app', { password: 'p4ss' });
  });

  describe('policies', () => {
    test('addPolicy() with rules, then getPolicy() returns them', async () => {
      await root().addPolicy({ name: 'reader', rules: READER_RULES });
      const res = await root().getPolicy({ name: 'reader' });
      assert.equal(res.name, 'reader');
      assert.equal(res.rules, READER_RULES);
      assert.equal(res.data.rules, READER_RULES);
    });

    test('addPolicy() also takes the newer `policy` field', async () => {
      const rules = 'path "secret/ops/*" { capabilities = ["create", "update"] }';
      await root().addPolicy({ name: 'ops', policy: rules });
      assert.equal((await root().getPolicy({ name: 'ops' })).rules, rules);
    });

    test('policies() lists them with the built-ins', async () => {
      const res = await root().policies();
      assert.deepEqual(res.policies, ['default', 'ops', 'reader', 'root']);
      assert.deepEqual(res.data.keys, ['default', 'ops', 'reader', 'root']);
    });

    test('addPolicy() with broken HCL rejects with 400', async () => {
      await assertStatus(root().addPolicy({ name: 'broken', rules: 'path "x" { capabilities = [' }), 400);
    });

    test('removePolicy() deletes it: getPolicy() rejects with 404', async () => {
      await root().removePolicy({ name: 'ops' });
      await assertStatus(root().getPolicy({ name: 'ops' }), 404);
      assert.deepEqual((await root().policies()).policies, ['default', 'reader', 'root']);
    });

    test('the root policy cannot be changed or removed (400)', async () => {
      await assertStatus(root().addPolicy({ name: 'root', rules: READER_RULES }), 400);
      await assertStatus(root().removePolicy({ name: 'root' }), 400);
    });
  });

  describe('auth methods', () => {
    test('enableAuth() / auths() / disableAuth()', async () => {
      await root().enableAuth({ mount_point: 'people', type: 'userpass', description: 'humans' });
      let auths = await root().auths();
      assert.equal(auths.data['people/'].type, 'userpass');
      assert.equal(auths.data['people/'].description, 'humans');
      assert.equal(auths['people/'].type, 'userpass', 'sys/auth also answers at the top level');
      assert.equal(auths.data['token/'].type, 'token');
      await root().disableAuth({ mount_point: 'people' });
      auths = await root().auths();
      assert.equal(auths.data['people/'], undefined);
    });

    test('enableAuth() at a used path rejects with 400', async () => {
      await assertStatus(root().enableAuth({ mount_point: 'token', type: 'userpass' }), 400);
    });

    test('the token method cannot be disabled (400)', async () => {
      await assertStatus(root().disableAuth({ mount_point: 'token' }), 400);
    });
  });

  describe('userpass', () => {
    before(async () => {
      await root().enableAuth({ mount_point: 'userpass', type: 'userpass' });
      await root().write('auth/userpass/users/alice', { password: 'w0nderland', policies: 'reader' });
    });

    test('userpassLogin() returns an orphan token with the user\'s policies and switches to it', async () => {
      const vault = vaultClient(server);
      const res = await vault.userpassLogin({ username: 'alice', password: 'w0nderland' });
      const { auth } = res;
      assert.match(auth.client_token, /^hvs\./);
      assert.deepEqual(auth.policies, ['default', 'reader']);
      assert.deepEqual(auth.metadata, { username: 'alice' });
      assert.equal(auth.orphan, true);
      assert.equal(auth.renewable, true);
      assert.equal(auth.lease_duration, 768 * 3600);
      assert.equal(vault.token, auth.client_token);

      const self = await vault.tokenLookupSelf();
      assert.equal(self.data.display_name, 'userpass-alice');
      assert.equal(self.data.path, 'auth/userpass/login/alice');
      assert.deepEqual(self.data.meta, { username: 'alice' });
      assert.equal((await vault.read('secret/app')).data.password, 'p4ss');
      await assertStatus(vault.write('secret/app', { password: 'x' }), 403);
    });

    test('userpassLogin() with a wrong password or unknown user rejects with 400', async () => {
      await assertStatus(vaultClient(server).userpassLogin({ username: 'alice', password: 'nope' }), 400);
      await assertStatus(vaultClient(server).userpassLogin({ username: 'bob', password: 'nope' }), 400);
    });

    test('userpassLogin() with mount_point logs in at another path', async () => {
      await root().enableAuth({ mount_point: 'staff', type: 'userpass' });
      await root().write('auth/staff/users/carol', { password: 'c4rol', token_ttl: '20m' });
      const { auth } = await vaultClient(server).userpassLogin({ mount_point: 'staff', username: 'carol', password: 'c4rol' });
      assert.deepEqual(auth.policies, ['default']);
      assert.equal(auth.lease_duration, 1200);
      const { data } = await vaultClient(server, auth.client_token).tokenLookupSelf();
      assert.equal(data.display_name, 'staff-carol');
    });

    test('the password is never returned by a user read', async () => {
      const { data } = await root().read('auth/userpass/users/alice');
      assert.deepEqual(data.token_policies, ['reader']);
      assert.equal(data.password, undefined);
      assert.ok(!JSON.stringify(data).includes('w0nderland'));
    });
  });

  describe('approle', () => {
    let roleId;
    let secret;

    before(async () => {
      await root().enableAuth({ mount_point: 'approle', type: 'approle' });
    });

    test('addApproleRole() / getApproleRole() / approleRoles()', async () => {
      await root().addApproleRole({
        role_name: 'web',
        policies: 'reader',
        bind_secret_id: true,
        secret_id_num_uses: 5,
        secret_id_ttl: 600,
        token_ttl: 1200,
        token_max_ttl: 3600,
      });
      const { data } = await root().getApproleRole({ role_name: 'web' });
      assert.deepEqual(data.token_policies, ['reader']);
      assert.deepEqual(data.policies, ['reader']);
      assert.equal(data.bind_secret_id, true);
      assert.equal(data.secret_id_num_uses, 5);
      assert.equal(data.secret_id_ttl, 600);
      assert.equal(data.token_ttl, 1200);
      assert.equal(data.token_max_ttl, 3600);
      assert.deepEqual((await root().approleRoles()).data.keys, ['web']);
    });

    test('getApproleRoleId() / updateApproleRoleId()', async () => {
      const generated = await root().getApproleRoleId({ role_name: 'web' });
      assert.match(generated.data.role_id, UUID);
      await root().updateApproleRoleId({ role_name: 'web', role_id: 'web-fixed-id' });
      roleId = (await root().getApproleRoleId({ role_name: 'web' })).data.role_id;
      assert.equal(roleId, 'web-fixed-id');
    });

    test('getApproleRoleSecret() with metadata and cidr_list', async () => {
      const res = await root().getApproleRoleSecret({
        role_name: 'web', metadata: JSON.stringify({ env: 'prod' }), cidr_list: ['127.0.0.0/8'],
      });
      secret = res.data;
      assert.match(secret.secret_id, UUID);
      assert.match(secret.secret_id_accessor, UUID);
      assert.equal(secret.secret_id_num_uses, 5);
      assert.equal(secret.secret_id_ttl, 600);
    });

    test('approleSecretAccessors() lists the accessor', async () => {
      const { data } = await root().approleSecretAccessors({ role_name: 'web' });
      assert.deepEqual(data.keys, [secret.secret_id_accessor]);
    });

    test('approleSecretLookup() / approleSecretAccessorLookup() show the secret id', async () => {
      const byId = (await root().approleSecretLookup({ role_name: 'web', secret_id: secret.secret_id })).data;
      assert.equal(byId.secret_id_accessor, secret.secret_id_accessor);
      assert.deepEqual(byId.metadata, { env: 'prod' });
      assert.deepEqual(byId.cidr_list, ['127.0.0.0/8']);
      assert.equal(byId.secret_id_num_uses, 5);
      assert.equal(byId.secret_id_ttl, 600);
      assert.equal(byId.secret_id, undefined, 'lookup must not echo the secret id');

      const byAccessor = (await root().approleSecretAccessorLookup({
        role_name: 'web', secret_id_accessor: secret.secret_id_accessor,
      })).data;
      assert.deepEqual(byAccessor.metadata, { env: 'prod' });
      assert.equal(byAccessor.secret_id_accessor, secret.secret_id_accessor);
    });

    test('approleLogin() returns a token for the role and uses up one use of the secret id', async () => {
      const vault = vaultClient(server);
      const { auth } = await vault.approleLogin({ role_id: roleId, secret_id: secret.secret_id });
      assert.match(auth.client_token, /^hvs\./);
      assert.deepEqual(auth.policies, ['default', 'reader']);
      assert.equal(auth.metadata.role_name, 'web');
      assert.equal(auth.metadata.env, 'prod');
      assert.equal(auth.lease_duration, 1200);
      assert.equal(auth.orphan, true);
      assert.equal(vault.token, auth.client_token);
      assert.equal((await vault.read('secret/app')).data.password, 'p4ss');
      const { data } = await vault.tokenLookupSelf();
      assert.equal(data.display_name, 'approle');
      assert.equal(data.path, 'auth/approle/login');

      const after = await root().approleSecretLookup({ role_name: 'web', secret_id: secret.secret_id });
      assert.equal(after.data.secret_id_num_uses, 4);
    });

    test('approleLogin() with a wrong secret id or role id rejects with 400', async () => {
      await assertStatus(vaultClient(server).approleLogin({ role_id: roleId, secret_id: 'nope' }), 400);
      await assertStatus(vaultClient(server).approleLogin({ role_id: 'nope', secret_id: secret.secret_id }), 400);
    });

    test('approleSecretDestroy() makes the secret id useless', async () => {
      await root().approleSecretDestroy({ role_name: 'web', secret_id: secret.secret_id });
      await assertStatus(vaultClient(server).approleLogin({ role_id: roleId, secret_id: secret.secret_id }), 400);
      await assertStatus(root().approleSecretAccessors({ role_name: 'web' }), 404);
    });

    test('approleSecretAccessorDestroy() destroys by accessor', async () => {
      const fresh = (await root().getApproleRoleSecret({ role_name: 'web' })).data;
      assert.deepEqual((await root().approleSecretAccessors({ role_name: 'web' })).data.keys, [fresh.secret_id_accessor]);
      await root().approleSecretAccessorDestroy({ role_name: 'web', secret_id_accessor: fresh.secret_id_accessor });
      await assertStatus(vaultClient(server).approleLogin({ role_id: roleId, secret_id: fresh.secret_id }), 400);
      await assertStatus(root().approleSecretAccessors({ role_name: 'web' }), 404);
    });

    test('approleLogin() without secret_id works for a role that does not bind one', async () => {
      await root().addApproleRole({ role_name: 'open', bind_secret_id: false, bound_cidr_list: '127.0.0.0/8', policies: 'reader' });
      const openId = (await root().getApproleRoleId({ role_name: 'open' })).data.role_id;
      const { auth } = await vaultClient(server).approleLogin({ role_id: openId });
      assert.deepEqual(auth.policies, ['default', 'reader']);
    });

    test('deleteApproleRole() removes roles: get rejects with 404, the list empties to 404', async () => {
      await root().deleteApproleRole({ role_name: 'web' });
      await root().deleteApproleRole({ role_name: 'open' });
      await assertStatus(root().getApproleRole({ role_name: 'web' }), 404);
      await assertStatus(root().approleRoles(), 404);
    });

    test('a login token cannot touch the approle configuration (403)', async () => {
      const { auth } = await vaultClient(server).userpassLogin({ username: 'alice', password: 'w0nderland' });
      const alice = vaultClient(server, auth.client_token);
      await assertStatus(alice.addApproleRole({ role_name: 'evil', policies: 'root' }), 403);
      await assertStatus(alice.approleRoles(), 403);
    });
  });
});
