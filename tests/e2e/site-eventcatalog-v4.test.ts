/**
 * An EventCatalog 4 catalog (tests/fixtures/eventcatalog-v4: every collection, every MDX component,
 * `[[type|id]]` references, resource docs, a glossary, custom pages) built with the real CLI and opened
 * in a real browser: a page of every kind loads with no console errors or failed requests, shows no
 * raw `[[` and no "not supported" notice, and is screenshotted (ec4-*.png under test-results/screenshots/).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildAndServe, type ServedSite } from './site-build.ts';
import { launchBrowser, screenshot, visible, watchPage } from './support.ts';

let browser: Browser;
let site: ServedSite;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), buildAndServe('tests/fixtures/eventcatalog-v4')]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens a page, checks it, screenshots it and fails on console errors, raw references or notices. */
async function open(path: string, name: string, check: (page: Page) => Promise<void>) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const { errors } = watchPage(page);
  await page.goto(`${site.url}${path}`, { waitUntil: 'networkidle' });
  await check(page);
  const text = await page.locator('main').innerText();
  expect(text, `${path}: a raw [[reference]]`).not.toContain('[[');
  expect(text, `${path}: a "not supported" notice`).not.toMatch(/not supported|neither an EventCatalog component/i);
  expect(await page.locator('main .notice').allInnerTexts(), `${path}: notices`).toEqual([]);
  await screenshot(page, `ec4-${name}`);
  expect(errors, `${path}: console errors or failed requests`).toEqual([]);
  await page.close();
}

const h1 = (page: Page, name: string) => visible(page.getByRole('heading', { level: 1, name }));

describe('EventCatalog 4 catalog: a page of every kind', () => {
  test('custom home page', async () => {
    await open('/', 'home', async (page) => {
      await visible(page.locator('.custom-home'));
      await visible(page.getByRole('list', { name: 'What the catalog holds' }).getByRole('link', { name: /Systems/ }));
    });
  });

  test('domain with a system, a data store and a glossary', async () => {
    await open('/domains/Shop/', 'domain', async (page) => {
      await h1(page, 'Shop');
      for (const id of ['systems', 'containers', 'ubiquitous-language']) await visible(page.locator(`#${id}`));
      await visible(page.locator('.cards').getByRole('link', { name: /Checkout/ }));
      await visible(page.getByRole('table').getByRole('link', { name: /orders-db|Orders database/i }).first());
      await visible(page.getByRole('definition').first());
      await visible(page.locator('dl.glossary').getByRole('link').first());
    });
  });

  test('system: map, services, data stores', async () => {
    await open('/systems/Checkout/', 'system', async (page) => {
      await h1(page, 'Checkout');
      await visible(page.locator('#context-map'));
      await visible(page.locator('figure.diagram svg').first(), 15_000);
      await visible(page.locator('#services'));
    });
  });

  test('data store: who writes and reads it, its docs', async () => {
    await open('/containers/orders-db/', 'container', async (page) => {
      await visible(page.locator('#writers'));
      await visible(page.locator('#readers'));
      await visible(page.locator('#docs').locator('..').getByRole('link').first());
    });
  });

  test('service: components, references, custom properties, attachments', async () => {
    await open('/services/OrderService/', 'service', async (page) => {
      await visible(page.locator('a.resource-ref').first());
      await visible(page.locator('#custom-properties'));
    });
  });

  test('domain body with every component family', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/domains/Shop/`, { waitUntil: 'networkidle' });
    expect(await page.locator('figure.embed').count()).toBeGreaterThan(0);
    expect(await page.locator('iframe').count(), 'no third-party iframes without the opt-in').toBe(0);
    await page.close();
  });

  for (const [path, name, title] of [
    ['/agents/SupportAgent/', 'agent', undefined],
    ['/adrs/use-postgres-for-orders/', 'adr', undefined],
    ['/data-products/order-analytics/', 'data-product', undefined],
    ['/diagrams/checkout-context/', 'diagram', undefined],
    ['/entities/Order/', 'entity', 'Order'],
    ['/events/OrderPlaced/', 'event', undefined],
    ['/flows/PlaceOrderFlow/', 'flow', undefined],
    ['/channels/orders.events/', 'channel', undefined],
    ['/domains/Shop/language/order/', 'term', undefined],
    ['/services/OrderService/docs/runbook/', 'resource-doc', undefined],
    ['/domains/Billing/', 'federated-domain', undefined],
    ['/teams/billing-team/', 'federated-team', undefined],
    ['/discover/systems/', 'discover-systems', undefined],
  ] as const) {
    test(`${name} page`, async () => {
      await open(path, name, async (page) => {
        await visible(page.getByRole('heading', { level: 1, ...(title ? { name: title } : {}) }).first());
      });
    });
  }
});
