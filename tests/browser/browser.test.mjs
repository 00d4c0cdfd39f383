// Headless Chromium clicks through the web UI of a real `sightline serve`: overview → entity →
// document, and checks that the entity's mention is highlighted in the document's text.
//
// Run from this folder with `npm ci && npm test`. It ingests a corpus into a fresh store, starts
// the binary on a port the system picks (loopback only) and stops it at the end.
//   SIGHTLINE_BIN   the binary (default: ../../target/debug/sightline, then release)
//   CORPUS          pages to ingest (default: the repository's demo/pages)
//   CHROMIUM        the browser (default: /usr/bin/chromium, Debian's package)
//   SCREENSHOT_DIR  when set, a screenshot of each page is saved there

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const binary =
  process.env.SIGHTLINE_BIN ??
  [join(root, 'target/debug/sightline'), join(root, 'target/release/sightline')].find(existsSync);
const corpus = process.env.CORPUS ?? join(root, 'demo/pages');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.SCREENSHOT_DIR ? resolve(process.env.SCREENSHOT_DIR) : null;

const scratch = mkdtempSync(join(tmpdir(), 'sightline-browser-'));
let server;
let base;
let context;

before(async () => {
  assert.ok(binary && existsSync(binary), 'build sightline first (cargo build), or set SIGHTLINE_BIN');
  assert.ok(existsSync(browserPath), `no browser at ${browserPath}: apt-get install chromium`);
  const db = join(scratch, 'browser.db');
  execFileSync(binary, ['--db', db, '--quiet', 'ingest', corpus], { stdio: 'inherit' });
  server = spawn(binary, ['--db', db, '--quiet', 'serve', '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SIGHTLINE_TOKEN: '' },
  });
  const lines = createInterface({ input: server.stdout });
  base = await new Promise((resolveAddress, reject) => {
    const timer = setTimeout(() => reject(new Error('serve printed no address in 120 s')), 120_000);
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveAddress(line.replace(/^listening on /, '').replace(/\/$/, ''));
    });
  });
  // A fresh profile, and no traffic beyond the loopback server.
  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: browserPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await context?.close();
  server?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

async function shoot(page, name) {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
}

test('overview → entity → document shows the highlighted mention', async () => {
  const page = await context.newPage();
  const response = await page.goto(`${base}/`);
  assert.equal(response?.status(), 200);
  assert.match(await page.locator('#counts').innerText(), /\d+ documents · \d+ entities/);
  await shoot(page, 'overview');

  // The most mentioned entity, then the first document that mentions it.
  const entityLink = page.locator('#top-entities a').first();
  const entityName = (await entityLink.innerText()).trim();
  await entityLink.click();
  await page.waitForURL(/\/entities\/[0-9a-f]{32}$/);
  const entityId = page.url().split('/').pop();
  assert.equal((await page.locator('h1').innerText()).startsWith(entityName), true);
  assert.ok((await page.locator('#names tr').count()) > 1, 'the entity lists its names with how each matched');
  await shoot(page, 'entity');

  await page.locator('#documents a').first().click();
  await page.waitForURL(/\/documents\/[0-9a-f]{32}$/);
  const mention = page.locator(`#text a.m[data-entity="${entityId}"]`).first();
  await mention.waitFor({ state: 'visible' });
  const background = await mention.evaluate((node) => getComputedStyle(node).backgroundColor);
  assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the mention is highlighted');
  await shoot(page, 'document');

  // The mention links back to its entity.
  await mention.click();
  await page.waitForURL(`${base}/entities/${entityId}`);

  const words = entityName.split(/\s+/)[0];
  await page.goto(`${base}/search?q=${encodeURIComponent(words)}`);
  assert.ok((await page.locator('#results tr').count()) > 0, `a search for ${words} finds documents`);
  await shoot(page, 'search');
  await page.close();
});

test('overview → incident → the report\'s evidence highlighted in its document', async () => {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  assert.equal(await page.locator('svg#map path.land').count(), 1, 'the overview draws the map');
  assert.ok((await page.locator('svg#map circle').count()) > 0, 'incidents with places are on the map');
  assert.ok((await page.locator('svg#timeline rect').count()) > 0, 'the overview draws the timeline');

  // The first incident of the latest ones, then its first report's evidence.
  const incidentLink = page.locator('#latest-incidents a').first();
  await incidentLink.click();
  await page.waitForURL(/\/incidents\/[0-9a-f]{32}$/);
  assert.ok((await page.locator('#reports tr').count()) > 1, 'the incident lists its reports');
  await shoot(page, 'incident');

  const evidence = page.locator('#reports a.evidence').first();
  const quoted = (await evidence.innerText()).replace(/…$/, '').trim();
  assert.ok(quoted.length > 0, 'the report shows its evidence');
  await evidence.click();
  await page.waitForURL(/\/documents\/[0-9a-f]{32}\?fact=[0-9a-f]{32}#fact-[0-9a-f]{32}$/);
  const factId = new URL(page.url()).searchParams.get('fact');
  await page.locator(`#fact-${factId}`).waitFor({ state: 'attached' });

  // The selected event is marked in the text, and its marked text is the evidence quoted.
  const marked = page.locator('#text mark.sel');
  assert.ok((await marked.count()) > 0, 'the evidence is marked');
  await marked.first().waitFor({ state: 'visible' });
  const background = await marked.first().evaluate((node) => getComputedStyle(node).backgroundColor);
  assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the evidence is highlighted');
  const markedText = (await marked.allInnerTexts()).join('').replace(/\s+/g, ' ');
  const start = quoted.replace(/\s+/g, ' ').slice(0, 40);
  assert.ok(markedText.includes(start), `the marked text "${markedText}" holds the evidence "${start}"`);
  assert.ok((await page.locator('#events tr.sel').count()) === 1, 'the side panel picks out the event');
  await shoot(page, 'document-evidence');

  // And the document's event links back to its incident.
  await page.locator('#events tr.sel a[href^="/incidents/"]').click();
  await page.waitForURL(/\/incidents\/[0-9a-f]{32}$/);
  await page.goto(`${base}/incidents`);
  await shoot(page, 'incidents');
  await page.close();
});
