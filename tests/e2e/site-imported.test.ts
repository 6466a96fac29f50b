/**
 * What an import keeps beyond the payload is shown on the site: the AsyncAPI 3 request/reply document of
 * tests/fixtures/import/lossless/thermostat.asyncapi-3.0.yaml (written for these tests) is imported with
 * the real CLI into a temporary catalog, built and served, and its message page read in Chromium. Beside
 * it: a message sent through two channels by two operations (lamp-two-ways), and payloads referring to
 * shared component files (shared-components/kennel-events), and an OpenAPI document's responses
 * (shared-components/kennel-v1).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser } from './support.ts';
import { buildAndServe, type ServedSite } from './site-build.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let site: ServedSite;
let browser: Browser;

beforeAll(async () => {
  const catalog = mkdtempSync(path.join(tmpdir(), 'waybill-imported-'));
  for (const document of ['lossless/thermostat.asyncapi-3.0.yaml', 'lossless/lamp-two-ways.asyncapi-3.0.yaml', 'shared-components/kennel-events.asyncapi-3.0.yaml']) {
    await promisify(execFile)(process.execPath, ['bin/waybill.js', 'import', 'asyncapi', `tests/fixtures/import/${document}`, '--catalog', catalog], { cwd: ROOT });
  }
  await promisify(execFile)(process.execPath, ['bin/waybill.js', 'import', 'openapi', 'tests/fixtures/import/shared-components/kennel-v1.openapi-3.0.yaml', '--service', 'Kennel', '--catalog', catalog], { cwd: ROOT });
  site = await buildAndServe(catalog);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('an imported request/reply message', () => {
  test('its page shows the headers, correlation id, bindings and traits the document gave it', async () => {
    const page = await browser.newPage();
    const dir = readdirSync(site.dir, { recursive: true, encoding: 'utf8' }).find((f) => /setTemperature[/\\]index\.html$/.test(f) && !/versioned|[/\\]\d+\.\d+\.\d+[/\\]/.test(f));
    expect(dir).toBeDefined();
    await page.goto(`${site.url}/${dir!.split(path.sep).join('/').replace(/index\.html$/, '')}`);
    const facts = page.locator('dl.facts');
    const fact = (term: string) => facts.locator(`dt:text-is("${term}") + dd`);
    await expect.poll(() => fact('Headers').innerText()).toContain('correlationId');
    expect(await fact('Headers').innerText()).toContain('replyTo');
    expect(await fact('Correlation id').innerText()).toBe('$message.header#/correlationId');
    expect(await fact('Bindings').innerText()).toBe('kafka');
    expect(await fact('Traits').innerText()).toBe('1 applied');
    await page.close();
  });

  test('the service page says which messages answer a request, and where', async () => {
    const page = await browser.newPage();
    const dir = readdirSync(site.dir, { recursive: true, encoding: 'utf8' }).find((f) => /Thermostat[/\\]index\.html$/.test(f));
    expect(dir).toBeDefined();
    await page.goto(`${site.url}/${dir!.split(path.sep).join('/').replace(/index\.html$/, '')}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Set the temperature' }) });
    await expect.poll(() => row.first().innerText()).toContain('Reply: temperatureSet, temperatureRejected on thermostat.replies');
    const ping = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ping', exact: true }) });
    expect(await ping.first().innerText()).toContain('Reply: pong to $message.header#/replyTo');
    await page.close();
  });
});

describe('imported operations and shared components', () => {
  const open = async (pattern: RegExp) => {
    const page = await browser.newPage();
    const dir = readdirSync(site.dir, { recursive: true, encoding: 'utf8' }).find((f) => pattern.test(f) && !/versioned|[/\\]\d+\.\d+\.\d+[/\\]/.test(f));
    expect(dir).toBeDefined();
    await page.goto(`${site.url}/${dir!.split(path.sep).join('/').replace(/index\.html$/, '')}`);
    return page;
  };

  test('the service page shows each channel\'s operation of a message sent through two', async () => {
    const page = await open(/LampTwoWays[/\\]index\.html$/);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'lightMeasured', exact: true }) });
    await expect.poll(() => row.first().innerText()).toContain("reportHall: Every minute, the hall's light level.");
    expect(await row.first().innerText()).toContain("reportPorch: On change only, the porch's light level.");
    await page.close();
  });

  test('a payload that is a shared component file shows that file\'s fields, nested ones too', async () => {
    const page = await open(/dogAdded[/\\]index\.html$/);
    const schema = page.locator('section').filter({ has: page.locator('#schema') });
    await expect.poll(() => schema.first().innerText()).toContain('owner');
    const text = await schema.first().innerText();
    for (const field of ['id', 'name', 'owner']) expect(text).toMatch(new RegExp(`\\b${field}\\b`));
    await page.close();
  });

  test('an HTTP operation\'s response bodies are shown under their status, and the body\'s link to a response file lands there', async () => {
    const page = await open(/addDog[/\\]index\.html$/);
    const responses = page.locator('section').filter({ has: page.locator('#responses') });
    await expect.poll(() => responses.first().innerText()).toContain('201');
    const text = await responses.first().innerText();
    expect(text).toContain('response-201.json');
    for (const field of ['id', 'name', 'owner', 'phone']) expect(text).toMatch(new RegExp(`\\b${field}\\b`));
    const link = page.locator('#overview a', { hasText: 'response-201.json' });
    expect(await link.getAttribute('href')).toMatch(/\/commands\/addDog\/#response-201$/);
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#response-201');
    expect(await page.locator('#response-201').count()).toBe(1);
    await page.close();
  });
});
