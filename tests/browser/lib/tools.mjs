// Helpers for the browser suite: the build, the Nu validator, axe-core and a
// Chromium with a DevTools port for Lighthouse.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const SUITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(SUITE_DIR, '..', '..');
export const DOSSIER_BIN = process.env.DOSSIER_BIN || path.join(REPO, 'target', 'debug', 'dossier');
/** The dossier that is built: the one shipped at the repo root unless DOSSIER_ROOT names another. */
export const DOSSIER_ROOT = process.env.DOSSIER_ROOT ? path.resolve(process.env.DOSSIER_ROOT) : REPO;
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const JAVA = process.env.JAVA || 'java';
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

/** An error reported by its message alone (no stack trace in the test report). */
export function plainError(message) {
  const err = new Error(message);
  err.stack = message;
  return err;
}

/** Runs a command; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
export function run(cmd, args, { timeout = 120_000, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `signal ${signal}` : code, stdout, stderr });
    });
  });
}

/** Builds the dossier at DOSSIER_ROOT into a fresh folder `out` for `baseUrl`. */
export async function buildSite(out, baseUrl) {
  if (!fs.existsSync(DOSSIER_BIN)) {
    throw plainError(
      `dossier binary not found at ${DOSSIER_BIN}: run \`cargo build\` (or \`cargo test\`) at the repo root first, or set DOSSIER_BIN`,
    );
  }
  const args = ['-q', '-r', DOSSIER_ROOT, 'build', '--output', out, '--base-url', baseUrl];
  const { code, stdout, stderr } = await run(DOSSIER_BIN, args);
  if (code !== 0) {
    throw plainError(`${DOSSIER_BIN} ${args.join(' ')} exited with ${code}\n${stdout}${stderr}`);
  }
  if (!fs.existsSync(path.join(out, 'index.html'))) throw plainError(`the build wrote no index.html into ${out}`);
}

/** Every file under `dir`, as paths relative to it with '/' separators, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else if (entry.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Runs vnu.jar once over `files` (absolute paths). Returns the messages, each
 * { file, kind: 'error' | 'warning' | 'info', line, message, extract }.
 */
export async function runVnu(files, siteDir) {
  const args = ['-Xss4m', '-jar', VNU_JAR, '--also-check-css', '--format', 'json', '--stdout', ...files];
  const { code, stdout, stderr } = await run(JAVA, args, { timeout: 240_000 });
  let parsed;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`vnu.jar printed no JSON report (exit ${code})\n${stdout.slice(0, 2000)}${stderr.slice(0, 2000)}`);
  }
  return parsed.messages.map((m) => ({
    file: m.url ? path.relative(siteDir, fileURLToPath(m.url)) : '(none)',
    kind: m.type === 'info' ? (m.subType === 'warning' ? 'warning' : 'info') : 'error',
    line: m.lastLine ?? m.firstLine ?? 0,
    message: m.message,
    extract: m.extract,
  }));
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Injects axe-core into `page` and runs it with `options`; returns axe's results. */
export async function runAxe(page, options) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate((opts) => window.axe.run(document, opts), options);
}

/** One line per violation and node: rule id, impact, help, target and axe's failure summary. */
export function describeViolations(violations, { maxNodes = 5 } = {}) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact}, ${v.nodes.length} node(s)): ${v.help}`);
    for (const node of v.nodes.slice(0, maxNodes)) {
      const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
      lines.push(`    ${node.target.join(' ')} :: ${summary.slice(0, 300)}`);
    }
    if (v.nodes.length > maxNodes) lines.push(`    … and ${v.nodes.length - maxNodes} more`);
  }
  return lines.join('\n');
}

const liveChromes = new Set();

/** Closes every Chromium that launchChromeForLighthouse started and nothing closed yet. */
export async function closeAllChromes() {
  await Promise.all([...liveChromes].map((chrome) => chrome.close()));
}

/**
 * Starts Chromium headless with a DevTools port for Lighthouse.
 * Returns { port, close() }.
 */
export async function launchChromeForLighthouse() {
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'dossier-lh-profile-'));
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--remote-debugging-port=0',
    '--remote-debugging-address=127.0.0.1',
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-dev-shm-usage',
    '--mute-audio',
    'about:blank',
  ];
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', resolve); // not started: there is no exit to wait for
  });
  const chrome = {
    port: null,
    close: async () => {
      liveChromes.delete(chrome);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await fsp.rm(profile, { recursive: true, force: true });
    },
  };
  liveChromes.add(chrome);
  let log = '';
  try {
    chrome.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port within 30 s:\n${log}`)), 30_000);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${CHROMIUM}: ${err.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited (${code}) before opening its DevTools port:\n${log}`));
      });
      const onData = (d) => {
        log += d;
        const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(log);
        if (m) {
          clearTimeout(timer);
          child.stderr.off('data', onData);
          child.stderr.resume();
          resolve(Number(m[1]));
        }
      };
      child.stderr.setEncoding('utf8').on('data', onData);
    });
  } catch (err) {
    await chrome.close();
    throw err;
  }
  return chrome;
}
