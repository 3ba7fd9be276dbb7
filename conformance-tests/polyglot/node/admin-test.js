// Cortado's admin interface from Node.js: node-redis and the built-in fetch.
// Run by PolyglotTest against the standalone jar started with --admin-port and --manual-clock:
//   CORTADO_PORT=6379 CORTADO_ADMIN_PORT=8080 node admin-test.js
// Each step checks what it expects and throws on anything else: exit 0 means every check passed.
'use strict';
const { createClient } = require('redis');

const PORT = Number(process.env.CORTADO_PORT);
const ADMIN = `http://127.0.0.1:${Number(process.env.CORTADO_ADMIN_PORT)}/__admin/`;
let checks = 0;

async function admin(method, path, body) {
  const r = await fetch(ADMIN + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

function check(condition, what) {
  if (!condition) {
    throw new Error('check failed: ' + what);
  }
  checks++;
  console.log('ok - ' + what);
}

// ---- the code under test: a rate limiter that fails open when Redis errors
async function allow(client, user, limit) {
  const key = `rate:${user}`;
  try {
    const n = await client.incr(key);
    if (n === 1) {
      await client.expire(key, 60);
    }
    return n <= limit;
  } catch (e) {
    return true; // Redis trouble must not lock users out
  }
}

async function main() {
  const client = createClient({ socket: { host: '127.0.0.1', port: PORT }, name: 'limiter' });
  client.on('error', () => {});
  await client.connect();
  try {
    check((await admin('POST', 'reset', {})).status === 200, 'reset over HTTP');

    // A failure stubbed over the Redis port: INCR answers an error once.
    const stub = JSON.parse(await client.sendCommand(['CORTADO.STUB', JSON.stringify({
      match: { command: 'INCR', key: { glob: 'rate:*' } },
      respond: { error: 'ERR injected failure' },
      times: 1,
    })]));
    check(stub.id === 0, 'INCR failure stubbed with CORTADO.STUB');

    check(await allow(client, 'ada', 2) === true, 'fails open on the stubbed error');
    check(await allow(client, 'ada', 2) === true, 'first real hit allowed');
    check(await allow(client, 'ada', 2) === true, 'second real hit allowed');
    check(await allow(client, 'ada', 2) === false, 'third real hit refused');

    // Verification: what the code sent, from which client.
    let v = await admin('POST', 'verify', { match: { command: 'INCR', args: ['rate:ada'], client: 'limiter' }, times: 4 });
    check(v.status === 200 && v.json.count === 4, 'INCR sent 4 times by client "limiter"');
    v = await admin('POST', 'verify', { match: { command: 'EXPIRE', args: ['rate:ada', '60'] }, times: 1 });
    check(v.status === 200, 'EXPIRE sent once, after the first real INCR');
    v = await admin('POST', 'verify/in-order', { matches: [{ command: 'INCR' }, { command: 'EXPIRE' }, { command: 'INCR' }] });
    check(v.status === 200, 'INCR, EXPIRE, INCR in that order');
    v = await admin('POST', 'verify', { match: { command: 'DEL' } });
    check(v.status === 409 && v.json.message.includes('Closest commands received'), 'a failed verification names near misses');

    const journal = await admin('GET', 'journal?command=INCR&client=limiter');
    check(journal.json.entries[0].stubbed && journal.json.entries[0].error === 'ERR injected failure',
      'the journal marks the stubbed error');

    // The clock: the window's TTL moves when the test moves the clock, and then the limit resets.
    check(await client.ttl('rate:ada') === 60, 'window TTL 60 s');
    const clock = await admin('POST', 'clock', { advanceMs: 45000 });
    check(clock.status === 200 && clock.json.manual, 'clock advanced 45 s over HTTP');
    check(await client.ttl('rate:ada') === 15, 'window TTL moved to 15 s');
    await client.sendCommand(['CORTADO.CLOCK', JSON.stringify({ advanceMs: 15001 })]);
    check(await client.exists('rate:ada') === 0, 'window expired with CORTADO.CLOCK');
    check(await allow(client, 'ada', 2) === true, 'allowed again in a new window');

    const key = await admin('GET', 'key?key=rate:ada');
    check(key.status === 200 && key.json.value === '1' && key.json.ttlMs === 60000, 'the admin reads the new window');
  } finally {
    await client.quit();
  }
  console.log(`node: ${checks} passed, 0 failed`);
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
