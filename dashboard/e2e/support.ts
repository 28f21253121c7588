/**
 * The browser suite's fixtures: a real `aether serve` (the debug build, or AETHER_BIN) on
 * ephemeral ports with its own SQLite file, a TypeScript worker serving the workflows the pages
 * show, and Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { type Browser, type Page, chromium } from 'playwright-core';

const dashboardDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(dashboardDir, '..');

/** Where every page's screenshot is saved (not committed). */
export const screenshotDir = join(dashboardDir, 'e2e', 'screenshots');

const aetherBin = process.env['AETHER_BIN'] ?? join(repoDir, 'target', 'debug', 'aether');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export interface EngineOptions {
  /** The text of an `aether.toml` to serve with (`--config`), e.g. `[[auth.keys]]`. */
  config?: string;
  /** Sent as `authorization: Bearer` by `api()`. */
  apiKey?: string;
}

/** A running `aether serve`: its gRPC address for the SDK and its HTTP base URL for the pages. */
export class Engine {
  private constructor(
    private readonly child: ChildProcess,
    readonly grpcUrl: string,
    readonly httpUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  static async start(options: EngineOptions = {}): Promise<Engine> {
    if (!existsSync(aetherBin)) {
      throw new Error(`${aetherBin} is missing: run \`cargo build -p aether\` (scripts/test.sh does)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'aether-dashboard-e2e-'));
    const args = ['serve', '--db', join(dir, 'aether.db'), '--grpc-port', '0', '--http-port', '0', '--ready-json'];
    if (options.config !== undefined) {
      const configPath = join(dir, 'aether.toml');
      writeFileSync(configPath, options.config);
      args.push('--config', configPath);
    }
    const child = spawn(aetherBin, args, {
      env: { ...process.env, RUST_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      process.stderr.write(`[serve] ${line}\n`);
    });
    const ready = await new Promise<{ grpc_addr: string; http_addr: string }>((resolveReady, reject) => {
      child.once('exit', (code) => {
        reject(new Error(`aether serve exited with ${String(code)} before serving`));
      });
      createInterface({ input: child.stdout }).once('line', (line) => {
        try {
          resolveReady(JSON.parse(line) as { grpc_addr: string; http_addr: string });
        } catch (error) {
          reject(new Error(`not a ready line: ${line}`, { cause: error }));
        }
      });
    });
    return new Engine(child, `http://${ready.grpc_addr}`, `http://${ready.http_addr}`, options.apiKey);
  }

  /** A JSON call to the engine's HTTP API, failing on any error status. */
  async api<T>(method: string, path: string, body?: unknown, raw?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.apiKey !== undefined) headers['authorization'] = `Bearer ${this.apiKey}`;
    if (raw !== undefined) headers['content-type'] = 'application/octet-stream';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.httpUrl}${path}`, {
      method,
      headers,
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${String(response.status)} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** Headless Chromium as the issue prescribes; every page is 1280×800 unless a test says so. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A new page that fails the test on any script error or dialog (an alert from injected content). */
export async function openPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Polls `check` until it holds (for engine state the test reads over HTTP, not the page). */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
