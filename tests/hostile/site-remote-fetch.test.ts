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
  site = await buildAndServe('tests/fixtures/hostile-site');
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
      expect(csp, rel).not.toMatch(/unsafe-inline'[^;]*;|script-src[^;]*unsafe-inline/);
    }
  }, 120_000);
});
