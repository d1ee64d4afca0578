'use strict';

const assert = require('node:assert/strict');
const nodeVault = require('node-vault');

// A node-vault client for the given server, optionally with a token.
function vaultClient(server, token) {
  return nodeVault({ apiVersion: 'v1', endpoint: server.address, token });
}

// Asserts that a node-vault call rejects with an API error of HTTP `status`.
async function assertStatus(promise, status) {
  await assert.rejects(promise, (err) => {
    const got = err.response && err.response.statusCode;
    assert.equal(got, status,
      `expected HTTP ${status}, got ${got === undefined ? 'no response' : got}: ` +
      `${err.message} ${JSON.stringify(err.response && err.response.body)}`);
    return true;
  });
}

// Initializes (3 shares, threshold 2) and unseals a fresh server; returns
// { keys, root_token }.
async function initAndUnseal(vault) {
  const init = await vault.init({ secret_shares: 3, secret_threshold: 2 });
  await vault.unseal({ key: init.keys[0] });
  const status = await vault.unseal({ key: init.keys[1] });
  assert.equal(status.sealed, false, 'server still sealed after two unseal keys');
  return init;
}

// Initializes and unseals a fresh server, mounts KV v1 at secret/ and
// returns the root token.
async function readyServer(server) {
  const init = await initAndUnseal(vaultClient(server));
  await vaultClient(server, init.root_token).mount({ mount_point: 'secret', type: 'kv' });
  return init.root_token;
}

// Request options that ask the server to wrap the response. A fresh headers
// object each call: node-vault writes X-Vault-Token into the object it is given.
function wrapTtl(ttl) {
  return { headers: { 'X-Vault-Wrap-TTL': ttl } };
}

// A policy that may read and list secret/ and nothing else.
const READER_RULES = 'path "secret/*" {\n  capabilities = ["read", "list"]\n}\n';

module.exports = { vaultClient, assertStatus, initAndUnseal, readyServer, wrapTtl, READER_RULES };
