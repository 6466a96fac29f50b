/**
 * Issue 14 item 13: pages load nothing from other hosts. tests/fixtures/hostile-site is a catalog whose
 * AsyncAPI and OpenAPI documents have remote `$ref`s, remote Markdown and HTML images and `javascript:`
 * links, and whose pages have remote images and a mermaid node image. Its site is built with the real
 * CLI; every page is opened in Chromium with every request intercepted: none may leave the site's origin,
 * nothing may break the Content-Security-Policy, and the viewers still show their documents.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../e2e/support.ts';
import { buildAndServe, type ServedSite } from '../e2e/site-build.ts';

let site: ServedSite;
let browser: Browser;
const pages: string[] = [];

beforeAll(async () => {
  site = await buildAndServe('tests/fixtures/hostile-site', { failSeverity: 'none' });
  browser = await launchBrowser();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !['_vendor', 'pagefind', '_astro'].includes(e.name)) walk(p);
      else if (e.name === 'index.html') pages.push(path.relative(site.dir, p).split(path.sep).join('/').replace(/index\.html$/, ''));
    }
  };
  walk(site.dir);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A page with every request watched: those to other hosts are refused and listed, as are CSP violations. */
async function watchedPage(): Promise<{ page: Page; outside: string[]; violations: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(site.url).origin;
  const outside: string[] = [];
  const violations: string[] = [];
  const errors: string[] = [];
  await context.route('**', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    outside.push(`${page.url()} → ${url}`);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
    else if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { page, outside, violations, errors };
}

async function visit(page: Page, rel: string): Promise<void> {
  await page.goto(`${site.url}/${rel}`, { waitUntil: 'networkidle' });
  for (const figure of await page.locator('figure[data-diagram]').all()) {
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.hasAttribute('data-rendered') || el.hasAttribute('data-error'), await figure.elementHandle(), { timeout: 20_000 });
  }
  if (await page.locator('[data-spec-viewer]').count()) {
    await page.waitForFunction(() => !document.querySelector('[data-spec-viewer] .spec-loading'), undefined, { timeout: 30_000 });
    // Let the viewer fetch what it would fetch, and open what can be opened.
    await page.waitForTimeout(1000);
  }
}

describe('a catalog that points at other hosts', () => {
  test('no page asks another host for anything, and no page breaks its Content-Security-Policy', async () => {
    const { page, outside, violations, errors } = await watchedPage();
    expect(pages.length).toBeGreaterThan(8);
    for (const rel of pages) await visit(page, rel);
    expect(outside, 'requests to other hosts').toEqual([]);
    expect(violations, 'CSP violations').toEqual([]);
    expect(errors, 'page errors').toEqual([]);
  }, 300_000);

  test('every page carries the Content-Security-Policy', async () => {
    const { page } = await watchedPage();
    for (const rel of pages) {
      await page.goto(`${site.url}/${rel}`);
      const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      expect(csp, rel).toMatch(/default-src 'self'/);
      expect(csp, rel).toMatch(/connect-src 'self'/);
      expect(csp, rel).toMatch(/img-src 'self' data: blob:/);
      const scripts = /script-src([^;]*)/.exec(csp ?? '')![1];
      expect(scripts, rel).not.toContain("'unsafe-inline'");
      // eval only where the AsyncAPI viewer needs it.
      if (!rel.endsWith('/asyncapi/')) expect(scripts, rel).not.toContain("'unsafe-eval'");
    }
  }, 120_000);

  test('the viewers show their documents: titles once escaped, inline HTML as formatting, remote parts named', async () => {
    const { page, errors } = await watchedPage();
    await visit(page, 'services/Orders/1.0.0/asyncapi/');
    const asyncapi = page.locator('[data-spec-viewer="asyncapi"]');
    await expect.poll(() => asyncapi.innerText()).toMatch(/Orders & Payments\s+1\.0\.0/);
    expect(await asyncapi.innerText()).toContain('Order & payment placed');
    expect(await asyncapi.innerText()).not.toMatch(/&amp;|&lt;|&gt;/);
    expect(await asyncapi.getByText(/Defined outside the catalog, at https:\/\/evil\.example\/remote-schema\.json/).count()).toBeGreaterThan(0);
    // A remote image is a link to it; a javascript: link goes nowhere.
    expect(await asyncapi.getByRole('link', { name: 'tracker (image)' }).getAttribute('href')).toBe('https://evil.example/asyncapi-img.png');
    for (const link of await asyncapi.getByRole('link').all()) expect(await link.getAttribute('href')).not.toMatch(/^\s*javascript:/i);

    await visit(page, 'services/Orders/1.0.0/openapi/');
    const openapi = page.locator('[data-spec-viewer="openapi"]');
    await expect.poll(() => openapi.getByText('Orders & Payments API', { exact: true }).count()).toBeGreaterThan(0);
    expect(await openapi.locator('strong', { hasText: 'bold' }).count()).toBe(1);
    expect(await openapi.getByRole('link', { name: 'the guide' }).getAttribute('href')).toBe('https://docs.example.com/api');
    expect(await openapi.innerText()).not.toMatch(/&amp;|&lt;|&gt;|<b>/);
    await openapi.getByText('Operations', { exact: true }).first().click();
    await expect.poll(() => openapi.getByText('/orders', { exact: true }).count()).toBeGreaterThan(0);

    // A webhook-only OpenAPI 3.1 document.
    await visit(page, 'services/Hooks/1.0.0/openapi/');
    const hooks = page.locator('[data-spec-viewer="openapi"]');
    await hooks.getByText('Webhooks', { exact: true }).last().click();
    await expect.poll(() => hooks.innerText()).toMatch(/POST\s+An order was placed/);
    expect(errors).toEqual([]);
  }, 120_000);
});

