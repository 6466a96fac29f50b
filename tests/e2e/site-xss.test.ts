/**
 * Catalog text is untrusted. tests/fixtures/xss is a catalog whose every value tries to run script —
 * summaries, names, ids and versions, Markdown and MDX bodies with raw HTML, schema descriptions, enum
 * values and property names, AsyncAPI and OpenAPI descriptions, flow titles that reach mermaid, badge
 * colours, repository URLs. Each payload sets window.__xss or opens a dialog. Its site is built with
 * the real CLI and every page is opened, scrolled and poked in Chromium: nothing may run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { htmlToHast } from 'satteri';
import { launchBrowser } from './support.ts';
import { buildAndServe, type ServedSite } from './site-build.ts';

type HastNode = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: HastNode[] };

let site: ServedSite;
let browser: Browser;
const pages: string[] = [];

beforeAll(async () => {
  site = await buildAndServe('tests/fixtures/xss');
  browser = await launchBrowser();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== '_vendor' && e.name !== 'pagefind' && e.name !== '_astro') walk(p);
      else if (e.name === 'index.html' || e.name === '404.html') pages.push(p);
    }
  };
  walk(site.dir);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle' });
  // Bring every diagram into view so mermaid draws it, open every <details>, click every tab.
  for (const figure of await page.locator('figure[data-diagram]').all()) {
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.hasAttribute('data-rendered') || el.hasAttribute('data-error'), await figure.elementHandle(), { timeout: 20_000 });
  }
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  for (const tab of await page.getByRole('tab').all()) await tab.click();
  if (await page.locator('[data-spec-viewer]').count()) {
    await page.waitForFunction(() => !document.querySelector('[data-spec-viewer] .spec-loading'), undefined, { timeout: 30_000 });
  }
  await page.waitForTimeout(300);
}

describe('a catalog full of XSS payloads', () => {
  test('the built HTML carries no live payload', () => {
    expect(pages.length).toBeGreaterThan(25);
    const problems: string[] = [];
    for (const file of pages) {
      const rel = path.relative(site.dir, file);
      const visit = (node: HastNode) => {
        if (node.type === 'element') {
          const props = node.properties ?? {};
          for (const [key, value] of Object.entries(props)) {
            if (/^on/i.test(key)) problems.push(`${rel}: <${node.tagName} ${key}>`);
            if (/^(href|src|action|formAction|xLinkHref)$/.test(key) && /^\s*(javascript|vbscript|data):/i.test(String(value).replace(/[\u0000-\u0020]/g, ''))) problems.push(`${rel}: <${node.tagName} ${key}="${String(value)}">`);
          }
          const text = (node.children ?? []).map((c) => (c.type === 'text' ? c.value : '')).join('');
          if (node.tagName === 'script' && String(props.type ?? '') !== 'application/json' && /__xss|alert\(/.test(text)) problems.push(`${rel}: a script carries a payload`);
          if (node.tagName === 'script' && String(props.type ?? '') === 'application/json' && /<\/?script/i.test(text)) problems.push(`${rel}: JSON data can close its script`);
          if (['iframe', 'object', 'embed', 'base'].includes(node.tagName ?? '')) problems.push(`${rel}: <${node.tagName}>`);
        }
        for (const child of node.children ?? []) visit(child);
      };
      visit(htmlToHast(readFileSync(file, 'utf8')) as HastNode);
    }
    expect(problems).toEqual([]);
  });

  test('no payload runs in the browser, on any page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    const outside: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== new URL(site.url).origin && !r.url().startsWith('data:')) outside.push(r.url());
    });
    const ran: string[] = [];
    for (const file of pages) {
      const rel = path.relative(site.dir, file).split(path.sep).join('/').replace(/index\.html$/, '').replace(/404\.html$/, 'no-such-page/');
      await visit(page, `${site.url}/${rel.split('/').map(encodeURIComponent).join('/')}`);
      if (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)) ran.push(rel);
    }
    // Search for a payload and look at the results.
    await page.goto(`${site.url}/`);
    await page.getByRole('combobox', { name: 'Search the catalog' }).fill('<img src=x onerror=window.__xss=1> script');
    await page.waitForTimeout(1500);
    if (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)) ran.push('search');
    // Switch the theme: diagrams are drawn again.
    await page.goto(`${site.url}/flows/EvilFlow/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: /Switch to/ }).click();
    await page.waitForTimeout(1500);
    if (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)) ran.push('theme switch');
    expect(ran, 'pages where a payload ran').toEqual([]);
    expect(dialogs, 'dialogs opened by payloads').toEqual([]);
    expect(outside, 'requests to other hosts').toEqual([]);
    await context.close();
  }, 300_000);

  test('the payloads are shown as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/events/EvilEvent/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('EvilEvent <img src=x onerror=window.__xss=1>');
    expect(await page.locator('.schema-viewer .prop-name').first().textContent()).toBe('<img src=x onerror=window.__xss=1>');
    await page.goto(`${site.url}/commands/DoEvil/`, { waitUntil: 'networkidle' });
    expect(await page.getByText('Expression not evaluated').count()).toBeGreaterThan(0);
    expect(await page.getByText("The component <Evil> is not shown: it is imported from ‘data:text/javascript").count()).toBe(1);
    await page.close();
  });
});
