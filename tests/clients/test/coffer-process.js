'use strict';

// Starts and stops one real `coffer server` process for the client tests.
//
// The coffer command comes from COFFER_BIN ("dotnet /path/coffer.dll" or
// "/path/coffer"), split on spaces. Without it the Release build of the CLI
// next to this repository is used.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

const DEFAULT_DLL = path.resolve(
  __dirname, '..', '..', '..', 'src', 'Coffer.Cli', 'bin', 'Release', 'net10.0', 'coffer.dll');

function cofferCommand() {
  const fromEnv = (process.env.COFFER_BIN || '').trim();
  if (fromEnv) {
    const words = fromEnv.split(/\s+/);
    return { file: words[0], args: words.slice(1) };
  }
  if (!fs.existsSync(DEFAULT_DLL)) {
    throw new Error(
      `COFFER_BIN is not set and the default coffer build does not exist: ${DEFAULT_DLL}\n` +
      'Build it (dotnet build -c Release src/Coffer.Cli) or set COFFER_BIN, ' +
      'e.g. COFFER_BIN="dotnet /path/to/coffer.dll" npm test');
  }
  return { file: 'dotnet', args: [DEFAULT_DLL] };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Resolves with the HTTP status of GET url, or rejects on a connection error.
function httpStatus(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class CofferProcess {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-clients-'));
    this.configPath = path.join(this.dir, 'coffer.hcl');
    this.port = null;
    this.child = null;
    this.output = ''; // stdout + stderr of every run, for failure reports
  }

  get address() {
    return `http://127.0.0.1:${this.port}`;
  }

  writeConfig() {
    const dbPath = path.join(this.dir, 'coffer.db');
    fs.writeFileSync(this.configPath, [
      `storage "sqlite" { path = ${JSON.stringify(dbPath)} }`,
      'listener "tcp" {',
      `  address = "127.0.0.1:${this.port}"`,
      '  tls_disable = true',
      '}',
      '',
    ].join('\n'));
  }

  // Starts the server (first call: new port and config; later calls: same
  // config) and waits until /v1/sys/health answers with any status.
  async start() {
    if (this.child) throw new Error('coffer server is already running');
    if (this.port === null) {
      this.port = await freePort();
      this.writeConfig();
    }

    const { file, args } = cofferCommand();
    const child = spawn(file, [...args, 'server', `-config=${this.configPath}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.output += `--- ${[file, ...args, 'server', `-config=${this.configPath}`].join(' ')} ---\n`;
    child.stdout.on('data', (d) => { this.output += d; });
    child.stderr.on('data', (d) => { this.output += d; });
    let spawnError = null;
    child.on('error', (e) => { spawnError = e; });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.exitedPromise = exited;
    let exitInfo = null;
    exited.then((info) => { exitInfo = info; });

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (spawnError || exitInfo) {
        this.child = null;
        const why = spawnError ? spawnError.message : `exited with ${JSON.stringify(exitInfo)}`;
        throw new Error(`coffer server failed to start (${why})\n${this.output}`);
      }
      try {
        await httpStatus(`${this.address}/v1/sys/health`);
        return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(
          `coffer server did not answer /v1/sys/health within ${START_TIMEOUT_MS} ms\n${this.output}`);
      }
      await sleep(100);
    }
  }

  // Stops exactly the child this object started: SIGTERM, then SIGKILL.
  // Resolves with the exit { code, signal }.
  async stop() {
    const child = this.child;
    if (!child) return null;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitedPromise;
    child.kill('SIGTERM');
    let timer;
    const killed = new Promise((resolve) => {
      timer = setTimeout(() => {
        this.output += `--- no exit ${STOP_TIMEOUT_MS} ms after SIGTERM: SIGKILL ---\n`;
        child.kill('SIGKILL');
        resolve();
      }, STOP_TIMEOUT_MS);
    });
    await Promise.race([child.exitedPromise, killed]);
    clearTimeout(timer);
    return child.exitedPromise;
  }

  // Stops the server and removes the temp dir.
  async dispose() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// Registers hooks on the current suite (pass node:test's before, after and
// afterEach) that run one server for the suite: started in `before`, stopped
// and its temp dir removed in `after`. The server's stdout/stderr is printed
// only when a test of the suite failed. Returns the CofferProcess.
function useCofferServer({ before, after, afterEach }) {
  const server = new CofferProcess();
  let failed = false;
  before(() => server.start());
  afterEach((t) => {
    if (!t.passed) failed = true;
  });
  after(async () => {
    await server.dispose();
    if (failed) {
      process.stderr.write(`\n===== coffer server output =====\n${server.output}\n================================\n`);
    }
  });
  return server;
}

module.exports = { CofferProcess, useCofferServer, cofferCommand, freePort };
