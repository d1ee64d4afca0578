'use strict';

// Response wrapping, audit devices and namespaces through node-vault against
// a real coffer server. node-vault has no wrap option of its own: the
// X-Vault-Wrap-TTL header goes in the request options, the last argument of
// read/write and `requestOptions` of the generated commands.

const fs = require('node:fs');
const path = require('node:path');
const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const nodeVault = require('node-vault');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, readyServer, wrapTtl, READER_RULES } = require('./vault-helpers');

describe('node-vault wrapping, audit and namespaces', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  before(async () => {
    rootToken = await readyServer(server);
    await root().write('secret/wrapped', { value: 'inside' });
    await root().addPolicy({ name: 'reader', rules: READER_RULES });
  });

  describe('wrapping', () => {
    test('read() with X-Vault-Wrap-TTL returns only wrap_info', async () => {
      const res = await root().read('secret/wrapped', wrapTtl('60s'));
      assert.equal(res.data, null);
      assert.equal(res.auth, null);
      assert.match(res.wrap_info.token, /^hvs\./);
      assert.equal(res.wrap_info.ttl, 60);
      assert.equal(res.wrap_info.creation_path, 'secret/wrapped');
      assert.match(res.wrap_info.creation_time, /^\d{4}-\d\d-\d\dT/);
    });

    test('unwrap({ token }) returns the original response once; a second unwrap rejects with 400', async () => {
      const wrapped = await root().read('secret/wrapped', wrapTtl('60s'));
      const res = await root().unwrap({ token: wrapped.wrap_info.token });
      assert.deepEqual(res.data, { value: 'inside' });
      assert.equal(res.lease_duration, 768 * 3600);
      await assertStatus(root().unwrap({ token: wrapped.wrap_info.token }), 400);
    });

    test('unwrap() with the wrapping token as the client token and no body', async () => {
      const wrapped = await root().read('secret/wrapped', wrapTtl('5m'));
      const res = await vaultClient(server, wrapped.wrap_info.token).unwrap();
      assert.equal(res.data.value, 'inside');
    });

    test('a wrapped tokenCreate() keeps the client token and unwraps to the auth block', async () => {
      const vault = root();
      const wrapped = await vault.tokenCreate({ policies: ['reader'], ttl: '10m', requestOptions: wrapTtl('2m') });
      assert.equal(vault.token, rootToken, 'a wrapped answer has no auth to switch to');
      assert.equal(wrapped.wrap_info.creation_path, 'auth/token/create');
      assert.equal(typeof wrapped.wrap_info.wrapped_accessor, 'string');
      const { auth } = await root().unwrap({ token: wrapped.wrap_info.token });
      assert.equal(auth.accessor, wrapped.wrap_info.wrapped_accessor);
      assert.deepEqual(auth.policies, ['default', 'reader']);
      const reader = vaultClient(server, auth.client_token);
      assert.equal((await reader.read('secret/wrapped')).data.value, 'inside');
    });

    test('a wrapped AppRole secret id is unwrapped by the workload and logged in with', async () => {
      await root().enableAuth({ mount_point: 'approle', type: 'approle' });
      await root().addApproleRole({ role_name: 'batch', policies: 'reader' });
      const roleId = (await root().getApproleRoleId({ role_name: 'batch' })).data.role_id;
      const wrapped = await root().getApproleRoleSecret({ role_name: 'batch', requestOptions: wrapTtl('60s') });
      assert.equal(wrapped.data, null);
      const workload = vaultClient(server, wrapped.wrap_info.token);
      const { data } = await workload.unwrap();
      const login = await workload.approleLogin({ role_id: roleId, secret_id: data.secret_id });
      assert.deepEqual(login.auth.policies, ['default', 'reader']);
      assert.equal((await workload.read('secret/wrapped')).data.value, 'inside');
    });

    test('write() to sys/wrapping/wrap wraps arbitrary data; lookup does not use it up', async () => {
      const wrapped = await root().write('sys/wrapping/wrap', { api_key: 'k-123' }, wrapTtl('90s'));
      const lookup = await vaultClient(server).write('sys/wrapping/lookup', { token: wrapped.wrap_info.token });
      assert.equal(lookup.data.creation_path, 'sys/wrapping/wrap');
      assert.equal(lookup.data.creation_ttl, 90);
      assert.deepEqual((await root().unwrap({ token: wrapped.wrap_info.token })).data, { api_key: 'k-123' });
    });

    test('unwrap() of a made-up token rejects with 400', async () => {
      await assertStatus(root().unwrap({ token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' }), 400);
    });
  });

  describe('audit', () => {
    let logPath;

    before(() => {
      logPath = path.join(server.dir, 'audit.log');
    });

    test('enableAudit() / audits() show the file device', async () => {
      await root().enableAudit({ name: 'file', type: 'file', description: 'to disk', options: { file_path: logPath } });
      const res = await root().audits();
      const device = res.data['file/'];
      assert.equal(device.type, 'file');
      assert.equal(device.description, 'to disk');
      assert.equal(device.options.file_path, logPath);
      assert.equal(res['file/'].type, 'file', 'sys/audit also answers at the top level');
    });

    test('audits() needs sudo: a reader gets 403', async () => {
      const { auth } = await root().tokenCreate({ policies: ['reader'], ttl: '5m' });
      await assertStatus(vaultClient(server, auth.client_token).audits(), 403);
    });

    test('the log records requests but no token, password or secret value', async () => {
      const secretValue = 'audit-canary-9f3b2c';
      const password = 'audit-password-77d1';
      await root().write('secret/audited', { value: secretValue });
      await root().enableAuth({ mount_point: 'userpass', type: 'userpass' });
      await root().write('auth/userpass/users/dave', { password, policies: 'reader' });
      const login = await vaultClient(server).userpassLogin({ username: 'dave', password });
      const dave = vaultClient(server, login.auth.client_token);
      assert.equal((await dave.read('secret/audited')).data.value, secretValue);
      await assertStatus(dave.write('secret/audited', { value: 'nope' }), 403);

      const text = fs.readFileSync(logPath, 'utf8');
      const entries = text.trim().split('\n').map((line) => JSON.parse(line));
      const reads = entries.filter((e) => e.request && e.request.path === 'secret/audited' && e.request.operation === 'read');
      assert.ok(reads.some((e) => e.type === 'request'), 'no request entry for the read');
      assert.ok(reads.some((e) => e.type === 'response'), 'no response entry for the read');
      for (const forbidden of [rootToken, login.auth.client_token, login.auth.accessor, secretValue, password]) {
        assert.ok(!text.includes(forbidden), `audit log contains ${forbidden.slice(0, 8)}...`);
      }
      assert.match(text, /hmac-sha256:[0-9a-f]{64}/);
      assert.ok(entries.some((e) => e.error && /permission denied/.test(e.error)), 'the denied write is not logged');
    });

    test('disableAudit() removes the device and the log stops growing', async () => {
      await root().disableAudit({ name: 'file' });
      const res = await root().audits();
      assert.equal(res.data['file/'], undefined);
      const size = fs.statSync(logPath).size;
      await root().read('secret/audited');
      assert.equal(fs.statSync(logPath).size, size);
    });
  });

  describe('namespaces', () => {
    test('a client with `namespace` works inside it; the root namespace does not see its data', async () => {
      await root().write('sys/namespaces/team', {});
      const team = nodeVault({ apiVersion: 'v1', endpoint: server.address, token: rootToken, namespace: 'team' });
      await team.mount({ mount_point: 'kv', type: 'kv' });
      await team.write('kv/app', { owner: 'team' });
      assert.equal((await team.read('kv/app')).data.owner, 'team');
      assert.equal((await root().read('team/kv/app')).data.owner, 'team');
      await assertStatus(root().read('kv/app'), 404);
      const keys = (await root().list('sys/namespaces')).data.keys;
      assert.deepEqual(keys, ['team/']);
    });

    test('a token made in the namespace is refused in the root namespace (403)', async () => {
      const team = nodeVault({ apiVersion: 'v1', endpoint: server.address, token: rootToken, namespace: 'team' });
      await team.addPolicy({ name: 'kvread', rules: 'path "kv/*" { capabilities = ["read"] }' });
      const { auth } = await team.tokenCreate({ policies: ['kvread'], ttl: '5m' });
      const inTeam = nodeVault({ apiVersion: 'v1', endpoint: server.address, token: auth.client_token, namespace: 'team' });
      assert.equal((await inTeam.read('kv/app')).data.owner, 'team');
      assert.equal((await inTeam.tokenLookupSelf()).data.namespace_path, 'team/');
      await assertStatus(vaultClient(server, auth.client_token).read('secret/wrapped'), 403);
      // The namespace may also lead the path instead of riding in the header.
      assert.equal((await vaultClient(server, auth.client_token).read('team/kv/app')).data.owner, 'team');
    });

    test('deleting the namespace: its paths 404, the list is empty (404)', async () => {
      await root().delete('sys/namespaces/team');
      await assertStatus(root().read('team/kv/app'), 404);
      await assertStatus(root().list('sys/namespaces'), 404);
    });
  });
});
