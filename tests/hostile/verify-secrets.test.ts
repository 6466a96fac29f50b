/**
 * Issue 14 item 11: a service that echoes what Waybill sent it (the Basic header made from URL
 * credentials, the password, a WAYBILL_AUTH token, a broker token) or hands back signed URLs must not get
 * those secrets printed, in any output format or in the --report file; a mask never eats the character
 * after it; and the run's other findings are still reported.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CATALOG, fakeService, runBounded, type FakeService } from './verify-support.ts';

const PASSWORD = 'S3cretPw';
const BASIC = Buffer.from(`alice:${PASSWORD}`).toString('base64');
const BEARER = 'tok-Zq81xxQ';
const BROKER_TOKEN = 'brokertok-77';
const SIGNED = 'https://bucket.example.com/o?X-Amz-Signature=abcdef123&sig=zz9&ok=1';
const LEAKS = [PASSWORD, BASIC, BEARER, BROKER_TOKEN, 'abcdef123', 'zz9'];

describe('secrets a service echoes', () => {
  let service: FakeService;
  beforeAll(async () => {
    service = await fakeService({
      'GET /items': (req, res) => {
        const auth = String(req.headers.authorization ?? '');
        const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : auth;
        const echoed = [auth, decoded, decoded.split(':')[1] ?? decoded, `token=${BROKER_TOKEN}`, SIGNED, `{"password":"${PASSWORD}"}`];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(echoed.map((size, i) => ({ name: `item ${i}`, size }))));
      },
      'GET /items/first': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"name":5}');
      },
    });
  });
  afterAll(() => service.close());

  const base = () => ['verify', '--catalog', CATALOG, '--only', 'http', '--broker', `mqtt=mqtt://${BROKER_TOKEN}@127.0.0.1:1`];

  test('URL credentials, the Basic header made from them and a broker token: masked in every format and the report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-secrets-'));
    const target = `Items=http://alice:${PASSWORD}@127.0.0.1:${service.port}`;
    const outputs: Record<string, string> = {};
    for (const format of ['stylish', 'json', 'junit', 'sarif', 'github']) {
      const report = path.join(dir, `${format}.json`);
      const run = await runBounded([...base(), '--target', target, '--format', format, '--report', report], { timeoutMs: 30_000 });
      expect(run.code, run.stderr).toBe(1);
      outputs[format] = `${run.stdout}\n${run.stderr}\n${readFileSync(report, 'utf8')}`;
    }
    for (const [format, text] of Object.entries(outputs)) {
      for (const leak of LEAKS) expect(text.includes(leak), `${format} shows ${leak}:\n${text}`).toBe(false);
      // What was there is still said, masked; the character after a mask is kept.
      expect(text, format).toMatch(/sig=\*\*\*&(amp;)?ok=1/);
      expect(text, format).toMatch(/X-Amz-Signature=\*\*\*&/);
      // The other finding of the run.
      expect(text, format).toContain('found integer 5');
    }
    expect(outputs.stylish).toContain('found string "Basic ***"');
    // `alice:S3cretPw` is masked whole, the longest secret first.
    expect(outputs.stylish).toContain('at /1/size: expected number, found string "***"');
    expect(outputs.stylish).toContain('found string "token=***"');
  }, 120_000);

  test('a WAYBILL_AUTH token: masked in output and report', async () => {
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'waybill-secrets-')), 'report.json');
    const run = await runBounded([...base(), '--target', `Items=${service.url}`, '--format', 'json', '--report', report], { timeoutMs: 30_000, env: { WAYBILL_AUTH_ITEMS: `Bearer ${BEARER}` } });
    expect(run.code, run.stderr).toBe(1);
    const text = `${run.stdout}\n${run.stderr}\n${readFileSync(report, 'utf8')}`;
    for (const leak of LEAKS) expect(text.includes(leak), `shows ${leak}:\n${text}`).toBe(false);
    expect(text).toContain('at /0/size: expected number, found string \\"***\\"');
    expect(text).toContain('found integer 5');
  }, 60_000);
});
