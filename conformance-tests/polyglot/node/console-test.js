// Cortado's console in a real headless browser: Debian's chromium driven by playwright-core.
// Run by PolyglotTest against the standalone jar started with --admin-port and --manual-clock:
//   CORTADO_PORT=6379 CORTADO_ADMIN_PORT=8080 SCREENSHOT_DIR=out CHROMIUM=/usr/bin/chromium node console-test.js
// Screenshots of each stage go to SCREENSHOT_DIR. Exit 0 means every check passed.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { createClient } = require('redis');

const PORT = Number(process.env.CORTADO_PORT);
const ADMIN = `http://127.0.0.1:${Number(process.env.CORTADO_ADMIN_PORT)}/__admin/`;
const SHOTS = process.env.SCREENSHOT_DIR || 'screenshots';
const TIMEOUT = 10000;
let checks = 0;

function check(condition, what) {
  if (!condition) {
    throw new Error('check failed: ' + what);
  }
  checks++;
  console.log('ok - ' + what);
}

async function admin(method, p, body) {
  const r = await fetch(ADMIN + p, {
    method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return r.json();
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const client = createClient({ socket: { host: '127.0.0.1', port: PORT }, name: 'web-1' });
  client.on('error', () => {});
  await client.connect();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const shot = async (page, name) => {
    const file = path.join(SHOTS, name + '.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log('screenshot ' + file);
  };
  try {
    await admin('POST', 'reset', {});
    // Set through Redis: the page must show what a client wrote.
    await client.set('greeting', 'hello from redis');
    await client.set('session:abc', 'ada', { EX: 100 });
    await client.hSet('user:1', { name: 'Ada' });

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(ADMIN + 'console/');

    // Keys: the list shows each key with its type and TTL.
    const greeting = page.locator('#keys tbody tr[data-key="greeting"]');
    await greeting.waitFor();
    check((await greeting.locator('td').nth(1).textContent()) === 'string', 'greeting listed as a string');
    const session = page.locator('#keys tbody tr[data-key="session:abc"] td').nth(2);
    check((await session.textContent()) === '100 s', 'session:abc shows its TTL');
    await greeting.click();
    await page.locator('#key-detail-value', { hasText: 'hello from redis' }).waitFor();
    check(true, 'clicking a key shows its value');
    await shot(page, '1-keys');

    // Search: a glob narrows the list.
    await page.fill('#key-search', 'user:*');
    await page.locator('#keys tbody tr[data-key="greeting"]').waitFor({ state: 'detached' });
    check(await page.locator('#keys tbody tr').count() === 1, 'search user:* leaves only user:1');
    await page.fill('#key-search', '');

    // The journal, live: a stubbed error appears marked.
    await admin('POST', 'stubs', { match: { command: 'GET', args: ['greeting'] }, respond: { error: 'ERR stubbed outage' } });
    let failed = '';
    try {
      await client.get('greeting');
    } catch (e) {
      failed = e.message;
    }
    check(failed === 'ERR stubbed outage', 'the client got the stubbed error');
    const stubbedRow = page.locator('#journal tbody tr.stubbed.error', { hasText: 'GET greeting' });
    await stubbedRow.waitFor();
    check((await stubbedRow.locator('td.reply').textContent()).includes('ERR stubbed outage'),
      'the journal marks the stubbed error row');
    await page.locator('#stubs li.matched').waitFor();
    check((await page.locator('#stubs li.matched').textContent()).includes('matched 1'), 'the stub shows it matched');
    await shot(page, '2-journal-stub');

    // Filters: by command, then by client.
    await page.fill('#filter-command', 'HSET');
    await page.locator('#journal tbody tr', { hasText: 'HSET user:1' }).waitFor();
    await page.waitForTimeout(1200); // a few polls: nothing else may come
    check(await page.locator('#journal tbody tr').count() === 1, 'filtering by command HSET leaves one row');
    await page.fill('#filter-command', '');
    await page.fill('#filter-client', 'nobody');
    await page.waitForTimeout(1200);
    check(await page.locator('#journal tbody tr').count() === 0, 'filtering by an unknown client leaves none');
    await page.fill('#filter-client', 'web-1');
    await page.locator('#journal tbody tr', { hasText: 'SET greeting' }).waitFor();
    check(true, 'filtering by client web-1 shows its commands');

    // The manual clock: advance 30 s from the page; the TTL follows.
    const before = await page.textContent('#clock-now');
    await page.fill('#advance-ms', '30000');
    await page.click('#advance-btn');
    await page.locator('#keys tbody tr[data-key="session:abc"] td', { hasText: '70 s' }).waitFor();
    const after = await page.textContent('#clock-now');
    check(Date.parse(after) - Date.parse(before) === 30000, 'the clock moved 30 s: ' + before + ' -> ' + after);
    check(await client.ttl('session:abc') === 70, 'Redis agrees: TTL 70 s');
    await shot(page, '3-clock');

    // Reset: everything goes.
    await page.click('#reset-btn');
    await page.locator('#keys tbody tr').first().waitFor({ state: 'detached' });
    check(await client.dbSize() === 0, 'reset emptied the server');
    await page.locator('#stubs li.unused', { hasText: 'no stubs' }).waitFor();
    check(true, 'reset removed the stubs');
    await shot(page, '4-reset');
  } finally {
    await browser.close();
    await client.quit();
  }
  console.log(`console: ${checks} passed, 0 failed`);
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
