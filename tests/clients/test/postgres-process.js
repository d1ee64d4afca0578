'use strict';

// A throwaway PostgreSQL for the client tests, run by scripts/postgres-for-tests.sh (the same script the .NET
// integration tests use), plus psql-based helpers to check credentials Coffer hands out. The server is stopped by
// the pid in its own data folder, never by name.

const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./coffer-process');

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'postgres-for-tests.sh');

function run(file, args, env) {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...process.env, ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// The psql of the newest installed PostgreSQL (the script uses the same rule), else psql from PATH.
function psqlPath() {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'psql')))
      .sort((a, b) => Number(a) - Number(b));
    if (versions.length > 0) return path.join(root, versions[versions.length - 1], 'bin', 'psql');
  }
  return 'psql';
}

class PostgresProcess {
  constructor() {
    this.dir = path.join(os.tmpdir(), `coffer-pg-${crypto.randomBytes(6).toString('hex')}`);
    this.password = `pg-${crypto.randomBytes(12).toString('hex')}`;
    this.port = null;
  }

  // postgresql:// URL with Vault's placeholders, for a database config.
  get connectionUrl() {
    return `postgresql://{{username}}:{{password}}@127.0.0.1:${this.port}/postgres?sslmode=disable`;
  }

  async start() {
    if (this.port === null) this.port = await freePort();
    const result = await run('bash', [SCRIPT, 'start', this.dir, String(this.port), this.password]);
    if (result.code !== 0) throw new Error(`postgres-for-tests.sh start failed:\n${result.stdout}\n${result.stderr}`);
  }

  async stop() {
    await run('bash', [SCRIPT, 'stop', this.dir]);
  }

  async dispose() {
    await run('bash', [SCRIPT, 'remove', this.dir]);
  }

  // Runs sql as `user` over TCP with a password; resolves { ok, output }.
  async psql(user, password, sql) {
    const result = await run(psqlPath(),
      ['-h', '127.0.0.1', '-p', String(this.port), '-U', user, '-d', 'postgres', '-w', '-tA', '-v', 'ON_ERROR_STOP=1', '-c', sql],
      { PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' });
    return { ok: result.code === 0, output: (result.stdout + result.stderr).trim() };
  }

  // True when `user` can log in with `password` and is who the server says.
  async canLogin(user, password) {
    const { ok, output } = await this.psql(user, password, 'SELECT current_user');
    return ok && output === user;
  }

  // Runs sql as the superuser; resolves with its trimmed output or throws.
  async query(sql) {
    const { ok, output } = await this.psql('postgres', this.password, sql);
    if (!ok) throw new Error(`psql failed: ${output}`);
    return output;
  }

  async roleExists(user) {
    return (await this.query(`SELECT count(*) FROM pg_roles WHERE rolname = '${user.replace(/'/g, "''")}'`)) === '1';
  }
}

// Registers before/after hooks that run one PostgreSQL for the suite.
function usePostgres({ before, after }) {
  const pg = new PostgresProcess();
  before(() => pg.start());
  after(() => pg.dispose());
  return pg;
}

module.exports = { PostgresProcess, usePostgres };
