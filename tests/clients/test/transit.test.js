'use strict';

// node-vault against a real coffer server's transit engine: node-vault's own
// transit commands (transitCreateKey, transitReadKey, transitListKeys,
// transitDeleteKey, encryptData, decryptData, rewrapData), and plain
// write/read for the rest (rotate, config, export, sign/verify, hmac, datakey).
// node-vault's transit commands always use the transit/ mount.

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { useCofferServer } = require('./coffer-process');
const { vaultClient, assertStatus, initAndUnseal } = require('./vault-helpers');

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text) => Buffer.from(text, 'base64').toString('utf8');

describe('node-vault transit commands', () => {
  const server = useCofferServer({ before, after, afterEach });
  let rootToken;
  const root = () => vaultClient(server, rootToken);

  before(async () => {
    rootToken = (await initAndUnseal(vaultClient(server))).root_token;
    await root().mount({ mount_point: 'transit', type: 'transit' });
  });

  test('transitCreateKey, transitReadKey and transitListKeys describe the key like Vault', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'orders' });
    await vault.transitCreateKey({ name: 'signer', type: 'ecdsa-p256' });
    const { data } = await vault.transitReadKey({ name: 'orders' });
    assert.equal(data.name, 'orders');
    assert.equal(data.type, 'aes256-gcm96');
    assert.equal(data.latest_version, 1);
    assert.equal(data.min_decryption_version, 1);
    assert.equal(data.min_encryption_version, 0);
    assert.equal(data.supports_encryption, true);
    assert.equal(data.supports_signing, false);
    assert.equal(typeof data.keys['1'], 'number');
    const signer = (await vault.transitReadKey({ name: 'signer' })).data;
    assert.match(signer.keys['1'].public_key, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(signer.keys['1'].name, 'P-256');
    const listed = await vault.transitListKeys();
    assert.ok(listed.data.keys.includes('orders') && listed.data.keys.includes('signer'));
    await assertStatus(vault.transitCreateKey({ name: 'bad', type: 'des' }), 400);
    await assertStatus(vault.transitReadKey({ name: 'bad' }), 404);
  });

  test('encryptData and decryptData round-trip; bad ciphertexts are 400s with Vault texts', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'rt' });
    const { data } = await vault.encryptData({ name: 'rt', plaintext: b64('card 4111') });
    assert.match(data.ciphertext, /^vault:v1:/);
    assert.equal(data.key_version, 1);
    const opened = await vault.decryptData({ name: 'rt', ciphertext: data.ciphertext });
    assert.equal(unb64(opened.data.plaintext), 'card 4111');

    await assert.rejects(vault.decryptData({ name: 'rt', ciphertext: 'nope' }), (err) => {
      assert.equal(err.response.statusCode, 400);
      assert.deepEqual(err.response.body.errors, ['invalid ciphertext: no prefix']);
      return true;
    });
    const raw = Buffer.from(data.ciphertext.slice('vault:v1:'.length), 'base64');
    raw[raw.length - 1] ^= 1;
    await assert.rejects(vault.decryptData({ name: 'rt', ciphertext: `vault:v1:${raw.toString('base64')}` }), (err) => {
      assert.equal(err.response.statusCode, 400);
      assert.deepEqual(err.response.body.errors, ['cipher: message authentication failed']);
      return true;
    });
    await assertStatus(vault.encryptData({ name: 'rt', plaintext: 'not base64!' }), 400);
  });

  test('rotate, rewrapData and min_decryption_version', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'rot' });
    const v1 = (await vault.encryptData({ name: 'rot', plaintext: b64('old') })).data.ciphertext;
    const rotated = await vault.write('transit/keys/rot/rotate', {});
    assert.equal(rotated.data.latest_version, 2);
    const rewrapped = (await vault.rewrapData({ name: 'rot', ciphertext: v1 })).data;
    assert.match(rewrapped.ciphertext, /^vault:v2:/);
    assert.equal(unb64((await vault.decryptData({ name: 'rot', ciphertext: rewrapped.ciphertext })).data.plaintext), 'old');

    await vault.write('transit/keys/rot/config', { min_decryption_version: 2 });
    assert.equal((await vault.transitReadKey({ name: 'rot' })).data.min_decryption_version, 2);
    await assert.rejects(vault.decryptData({ name: 'rot', ciphertext: v1 }), (err) => {
      assert.equal(err.response.statusCode, 400);
      assert.deepEqual(err.response.body.errors, ['ciphertext or signature version is disallowed by policy (too old)']);
      return true;
    });
  });

  test('batch encrypt/decrypt keeps references; a partial failure is a 400 that still carries every result', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'batch' });
    const enc = await vault.encryptData({
      name: 'batch',
      batch_input: [{ plaintext: b64('a'), reference: 'first' }, { plaintext: b64('b'), reference: 'second' }],
    });
    const results = enc.data.batch_results;
    assert.deepEqual(results.map((r) => r.reference), ['first', 'second']);
    const dec = await vault.decryptData({ name: 'batch', batch_input: results.map((r) => ({ ciphertext: r.ciphertext })) });
    assert.deepEqual(dec.data.batch_results.map((r) => unb64(r.plaintext)), ['a', 'b']);

    const mixed = [{ ciphertext: results[0].ciphertext }, { ciphertext: 'vault:v1:%%' }];
    await assert.rejects(vault.decryptData({ name: 'batch', batch_input: mixed }), (err) => {
      assert.equal(err.response.statusCode, 400);
      const items = err.response.body.data.batch_results;
      assert.equal(unb64(items[0].plaintext), 'a');
      assert.equal(items[1].error, 'invalid ciphertext: could not decode');
      return true;
    });
    // partial_failure_response_code picks the status of a partial failure (node-vault rejects anything but 200/204).
    await assert.rejects(
      vault.decryptData({ name: 'batch', batch_input: mixed, partial_failure_response_code: 207 }),
      (err) => err.response.statusCode === 207 && err.response.body.data.batch_results.length === 2);
  });

  test('sign and verify with ecdsa-p256 and ed25519 keys; the read public key verifies outside the server', async () => {
    const vault = root();
    const input = b64('release 1.2.3');
    for (const type of ['ecdsa-p256', 'ed25519']) {
      const name = `sig-${type}`;
      await vault.transitCreateKey({ name, type });
      const { signature } = (await vault.write(`transit/sign/${name}`, { input })).data;
      assert.match(signature, /^vault:v1:/);
      assert.equal((await vault.write(`transit/verify/${name}`, { input, signature })).data.valid, true);
      assert.equal((await vault.write(`transit/verify/${name}`, { input: b64('forged'), signature })).data.valid, false);

      const publicKey = (await vault.transitReadKey({ name })).data.keys['1'].public_key;
      const raw = Buffer.from(signature.slice('vault:v1:'.length), 'base64');
      const key = type === 'ed25519'
        ? crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' })
        : crypto.createPublicKey(publicKey);
      const algorithm = type === 'ed25519' ? null : 'sha256';
      assert.equal(crypto.verify(algorithm, Buffer.from('release 1.2.3'), key, raw), true, `${type} signature did not verify`);
    }
    await vault.transitCreateKey({ name: 'not-signer' });
    await assertStatus(vault.write('transit/sign/not-signer', { input }), 400);
  });

  test('hmac and verify with hmac, on an hmac key and on an encryption key', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'mac', type: 'hmac', key_size: 64, exportable: true });
    await vault.transitCreateKey({ name: 'enc-mac' });
    const input = b64('payload');
    for (const name of ['mac', 'enc-mac']) {
      const { hmac } = (await vault.write(`transit/hmac/${name}/sha2-512`, { input })).data;
      assert.match(hmac, /^vault:v1:/);
      assert.equal((await vault.write(`transit/verify/${name}/sha2-512`, { input, hmac })).data.valid, true);
      assert.equal((await vault.write(`transit/verify/${name}/sha2-512`, { input: b64('other'), hmac })).data.valid, false);
    }
    const exported = (await vault.read('transit/export/hmac-key/mac/1')).data.keys['1'];
    const expected = crypto.createHmac('sha512', Buffer.from(exported, 'base64')).update('payload').digest('base64');
    assert.equal((await vault.write('transit/hmac/mac/sha2-512', { input })).data.hmac, `vault:v1:${expected}`);
    await assert.rejects(vault.encryptData({ name: 'mac', plaintext: input }), (err) => {
      assert.equal(err.response.statusCode, 400);
      assert.deepEqual(err.response.body.errors, ['message encryption not supported for key type hmac']);
      return true;
    });
  });

  test('datakey plaintext and wrapped: the wrapped key decrypts to a key of the requested size', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'dk' });
    const plain = (await vault.write('transit/datakey/plaintext/dk', { bits: 512 })).data;
    assert.equal(Buffer.from(plain.plaintext, 'base64').length, 64);
    assert.equal((await vault.decryptData({ name: 'dk', ciphertext: plain.ciphertext })).data.plaintext, plain.plaintext);
    const wrapped = (await vault.write('transit/datakey/wrapped/dk', {})).data;
    assert.equal(wrapped.plaintext, undefined);
    const opened = (await vault.decryptData({ name: 'dk', ciphertext: wrapped.ciphertext })).data.plaintext;
    assert.equal(Buffer.from(opened, 'base64').length, 32);
    await assertStatus(vault.write('transit/datakey/plaintext/dk', { bits: 100 }), 400);
  });

  test('export needs exportable; formats follow Vault', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'exp' });
    await assert.rejects(vault.read('transit/export/encryption-key/exp'), (err) => {
      assert.equal(err.response.statusCode, 400);
      assert.deepEqual(err.response.body.errors, ['private key material is not exportable']);
      return true;
    });
    await vault.write('transit/keys/exp/config', { exportable: true });
    const aes = (await vault.read('transit/export/encryption-key/exp/latest')).data;
    assert.equal(aes.type, 'aes256-gcm96');
    assert.equal(Buffer.from(aes.keys['1'], 'base64').length, 32);

    await vault.transitCreateKey({ name: 'exp-ec', type: 'ecdsa-p384', exportable: true });
    const ec = (await vault.read('transit/export/signing-key/exp-ec')).data.keys['1'];
    assert.match(ec, /^-----BEGIN EC PRIVATE KEY-----/);
    await vault.transitCreateKey({ name: 'exp-ed', type: 'ed25519' });
    const edPublic = (await vault.read('transit/export/public-key/exp-ed')).data.keys['1'];
    assert.equal(Buffer.from(edPublic, 'base64').length, 32);
    await assertStatus(vault.read('transit/export/signing-key/exp-ed'), 400);
  });

  test('transitDeleteKey needs deletion_allowed', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'gone' });
    await assertStatus(vault.transitDeleteKey({ name: 'gone' }), 400);
    await vault.write('transit/keys/gone/config', { deletion_allowed: true });
    await vault.transitDeleteKey({ name: 'gone' });
    await assertStatus(vault.transitReadKey({ name: 'gone' }), 404);
  });

  test('derived convergent keys give equal ciphertexts for equal context and plaintext', async () => {
    const vault = root();
    await vault.transitCreateKey({ name: 'conv', derived: true, convergent_encryption: true });
    const args = { name: 'conv', plaintext: b64('same'), context: b64('tenant-1') };
    const first = (await vault.encryptData(args)).data.ciphertext;
    assert.equal((await vault.encryptData(args)).data.ciphertext, first);
    assert.notEqual((await vault.encryptData({ ...args, context: b64('tenant-2') })).data.ciphertext, first);
    await assertStatus(vault.decryptData({ name: 'conv', ciphertext: first }), 400);
    assert.equal(unb64((await vault.decryptData({ name: 'conv', ciphertext: first, context: b64('tenant-1') })).data.plaintext), 'same');
  });
});
