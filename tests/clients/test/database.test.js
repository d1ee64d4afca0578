'use strict';

// The database secrets engine through node-vault, against a real PostgreSQL.
// Renew, revoke and revokePrefix go through the lease manager (sys/leases/*, sys/revoke-prefix).

const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { useCofferServer } = require('./coffer-process');
const { usePostgres } = require('./postgres-process');
const { vaultClient, readyServer, assertStatus } = require('./vault-helpers');

const CREATE = [
  'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';',
  'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('database secrets engine', () => {
  const server = useCofferServer({ before, after, afterEach });
  const pg = usePostgres({ before, after });
  let vault;

  before(async () => {
    vault = vaultClient(server, await readyServer(server));
    await vault.mount({ mount_point: 'database', type: 'database' });
    await vault.write('database/config/pg', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: pg.connectionUrl,
      username: 'postgres',
      password: pg.password,
      allowed_roles: 'readonly,short',
    });
    await vault.write('database/roles/readonly', {
      db_name: 'pg', creation_statements: CREATE, default_ttl: '1h', max_ttl: '24h',
    });
    await vault.write('database/roles/short', { db_name: 'pg', creation_statements: CREATE, default_ttl: '1h' });
  });

  test('config reads back without the password; a bad config is refused', async () => {
    const config = await vault.read('database/config/pg');
    assert.equal(config.data.plugin_name, 'postgresql-database-plugin');
    assert.equal(config.data.connection_details.username, 'postgres');
    assert.ok(!JSON.stringify(config).includes(pg.password));
    await assertStatus(vault.write('database/config/broken', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: pg.connectionUrl,
      username: 'postgres',
      password: 'not-the-password',
    }), 400);
    await assertStatus(vault.read('database/config/broken'), 404);
  });

  test('generateDatabaseCredentials returns a working PostgreSQL login', async () => {
    const creds = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'readonly' });
    assert.match(creds.data.username, /^v-root-readonly-[A-Za-z0-9]{20}-\d+$/);
    assert.ok(await pg.canLogin(creds.data.username, creds.data.password));
    assert.ok(!(await pg.canLogin(creds.data.username, `${creds.data.password}x`)));
  });

  test('a role not in allowed_roles gets no credentials', async () => {
    await vault.write('database/roles/forbidden', { db_name: 'pg', creation_statements: CREATE });
    await assertStatus(vault.generateDatabaseCredentials({ databasePath: 'database', name: 'forbidden' }), 400);
  });

  // ---- through the lease manager ----

  test('credentials come with a renewable lease', async () => {
    const creds = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'readonly' });
    assert.match(creds.lease_id, /^database\/creds\/readonly\/.+/);
    assert.equal(creds.renewable, true);
    assert.equal(creds.lease_duration, 3600);
  });

  test('renew moves VALID UNTIL', async () => {
    const creds = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'readonly' });
    const validUntil = async () => Number(await pg.query(
      `SELECT extract(epoch FROM rolvaliduntil)::bigint FROM pg_roles WHERE rolname = '${creds.data.username}'`));
    const before = await validUntil();
    const renewed = await vault.renew({ lease_id: creds.lease_id, increment: 7200 });
    assert.equal(renewed.lease_id, creds.lease_id);
    assert.equal(renewed.lease_duration, 7200);
    const after = await validUntil();
    assert.ok(after >= before + 3500, `VALID UNTIL moved from ${before} to ${after}`);
  });

  test('revoke drops the PostgreSQL role', async () => {
    const creds = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'readonly' });
    assert.ok(await pg.canLogin(creds.data.username, creds.data.password));
    await vault.revoke({ lease_id: creds.lease_id });
    let exists = true;
    for (let i = 0; i < 50 && exists; i++) {
      exists = await pg.roleExists(creds.data.username);
      if (exists) await sleep(200);
    }
    assert.equal(exists, false);
    assert.ok(!(await pg.canLogin(creds.data.username, creds.data.password)));
  });

  test('revokePrefix drops every role issued under the prefix and keeps the others', async () => {
    const a = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'short' });
    const b = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'short' });
    const other = await vault.generateDatabaseCredentials({ databasePath: 'database', name: 'readonly' });
    await vault.revokePrefix({ path_prefix: 'database/creds/short' });
    for (const creds of [a, b]) {
      let exists = true;
      for (let i = 0; i < 50 && exists; i++) {
        exists = await pg.roleExists(creds.data.username);
        if (exists) await sleep(200);
      }
      assert.equal(exists, false, `${creds.data.username} still exists`);
    }
    assert.ok(await pg.canLogin(other.data.username, other.data.password));
  });
});
