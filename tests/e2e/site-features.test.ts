/**
 * What the site does in the browser: the AsyncAPI and OpenAPI viewers (and only on their pages),
 * mermaid diagrams, search, keyboard-only navigation, the theme toggle, and the JavaScript budget of a
 * message page (≤ 40 KB compressed before a viewer is opened), measured from the responses.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { launchBrowser, screenshot, visible, watchPage } from './support.ts';

const url = inject('siteUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function page(path: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const { errors } = watchPage(p);
  const requests: string[] = [];
  p.on('request', (r) => requests.push(r.url()));
  await p.goto(`${url}${path}`, { waitUntil: 'networkidle' });
  return { page: p, errors, requests };
}

describe('viewers and diagrams', () => {
  test('the AsyncAPI viewer shows the Stores channels', async () => {
    const { page: p, errors, requests } = await page('/services/Stores/1.0.0/asyncapi/');
    const frame = p.locator('[data-spec-viewer="asyncapi"]');
    await visible(frame.getByText('mallbots.stores.events.Store', { exact: true }).first(), 30_000);
    await visible(frame.getByText('mallbots.stores.events.Product', { exact: true }).first());
    await screenshot(p, 'asyncapi');
    expect(requests.every((r) => r.startsWith(url)), 'no requests to other hosts').toBe(true);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('Stoplight Elements shows an operation', async () => {
    const { page: p, errors, requests } = await page('/services/Stores/1.0.0/openapi/');
    const frame = p.locator('[data-spec-viewer="openapi"]');
    await frame.getByText('Store', { exact: true }).first().click({ timeout: 30_000 });
    const operation = frame.getByText('/api/stores', { exact: true }).first();
    await visible(operation, 15_000);
    await operation.click();
    await visible(frame.getByText('Get a list of stores').first(), 15_000);
    await screenshot(p, 'openapi');
    expect(requests.every((r) => r.startsWith(url)), 'no requests to other hosts').toBe(true);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('viewer and diagram bundles load only where they are shown', async () => {
    const { page: p, requests } = await page('/events/StoreCreated/');
    expect(requests.filter((r) => /_vendor\/(asyncapi|elements|mermaid)/.test(r))).toEqual([]);
    await p.close();
  });

  test.each([
    ['a domain page', '/domains/MallBots/', 'domain-diagram'],
    ['a flow page', '/flows/CreateOrderSaga/', 'flow-diagram'],
  ])('mermaid draws an SVG on %s', async (_name, path, shot) => {
    const { page: p, errors } = await page(path);
    const figure = p.locator('figure[data-diagram]').first();
    await figure.scrollIntoViewIfNeeded();
    await visible(figure.locator('svg').first(), 30_000);
    expect(await figure.locator('svg g').count()).toBeGreaterThan(3);
    await figure.screenshot({ path: `test-results/screenshots/${shot}.png` });
    expect(errors).toEqual([]);
    await p.close();
  });
});

describe('finding things', () => {
  test('searching StoreCreated puts that event first', async () => {
    const { page: p, errors } = await page('/');
    await p.getByRole('combobox', { name: 'Search the catalog' }).fill('StoreCreated');
    const first = p.locator('#search-results [role=option]').first();
    await visible(first, 15_000).catch(async (error: Error) => {
      const box = await p.locator('#search-results').textContent().catch(() => '');
      throw new Error(`${error.message}\nresults box: ${JSON.stringify(box)}\n${errors.join('\n')}`);
    });
    expect(await first.locator('.r-title').textContent()).toBe('StoreCreated');
    expect(await first.getAttribute('href')).toMatch(/\/events\/StoreCreated\/$/);
    await screenshot(p, 'search');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/events\/StoreCreated\/$/);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('a keyboard-only user reaches a message page from home', async () => {
    const { page: p, errors } = await page('/');
    let reached = '';
    for (let i = 0; i < 250 && !reached; i++) {
      await p.keyboard.press('Tab');
      const focus = await p.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const style = el ? getComputedStyle(el) : null;
        return { href: el?.getAttribute('href') ?? '', outline: style?.outlineStyle ?? 'none', tag: el?.tagName ?? '' };
      });
      if (focus.tag !== 'BODY') expect(focus.outline, `focus is visible on ${focus.tag} ${focus.href}`).not.toBe('none');
      if (/\/(events|commands|queries)\/[^/]+\/$/.test(focus.href)) reached = focus.href;
    }
    expect(reached, 'a message link is reachable with Tab').not.toBe('');
    await p.keyboard.press('Enter');
    await p.waitForURL((u) => u.pathname === reached);
    await visible(p.getByRole('heading', { level: 1 }));
    expect(await p.locator('.kind').first().textContent()).toMatch(/Event|Command|Query/);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('the sidebar loads another domain’s branch when it is opened', async () => {
    const { page: p, errors } = await page('/events/StoreCreated/');
    const devpie = p.locator('#sidebar details[data-nav-src]').filter({ has: p.getByText('Devpie', { exact: false }) }).first();
    await devpie.locator('summary').first().click();
    const branch = devpie.locator(':scope > ul > li');
    await expect.poll(() => branch.count(), { timeout: 10_000 }).toBeGreaterThan(2);
    await visible(branch.nth(1));
    expect(errors).toEqual([]);
    await p.close();
  });
});

describe('look and feel', () => {
  test('the theme toggle switches and remembers the theme', async () => {
    const { page: p, errors } = await page('/events/StoreCreated/');
    const theme = () => p.evaluate(() => document.documentElement.dataset.theme);
    const background = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await theme();
    const bgBefore = await background();
    await p.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
    const after = await theme();
    expect(after).not.toBe(before);
    expect(await background()).not.toBe(bgBefore);
    await p.reload({ waitUntil: 'networkidle' });
    expect(await theme()).toBe(after);
    await screenshot(p, `event-${after}`);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('a message page ships at most 40 KB of compressed JavaScript', async () => {
    const p = await browser.newPage();
    const bodies: Promise<number>[] = [];
    p.on('response', (r) => {
      const type = r.headers()['content-type'] ?? '';
      if (/javascript/.test(type) || /\.m?js(\?|$)/.test(r.url())) bodies.push(r.body().then((b) => gzipSync(b).length).catch(() => 0));
    });
    await p.goto(`${url}/events/StoreCreated/`, { waitUntil: 'networkidle' });
    await p.waitForTimeout(500);
    const inline = await p.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').filter((t) => !t.trim().startsWith('{')).join('\n'));
    const external = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
    const total = external + gzipSync(inline).length;
    console.log(`message page JavaScript: ${total} bytes compressed (${external} in files, inline ${gzipSync(inline).length})`);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(40 * 1024);
    await p.close();
  });
});
