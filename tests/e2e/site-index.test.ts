/**
 * The built site of the default catalog, in a real browser: the index lists every latest resource and
 * every resource page shows its frontmatter, body and schema — with no console errors or failed requests.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Message } from '../../src/catalog/model.ts';
import { launchBrowser, screenshot, visible, watchPage } from './support.ts';

const url = inject('siteUrl');
let browser: Browser;
let catalog: Catalog;

beforeAll(async () => {
  browser = await launchBrowser();
  catalog = await loadCatalog(path.resolve(import.meta.dirname, '../../catalog'));
});
afterAll(async () => browser?.close());

describe('catalog site', () => {
  test('the home page links every latest resource', async () => {
    const page = await browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(`${url}/`);
    const latest = catalog.resources.filter((r) => r.isLatest);
    for (const r of latest.slice(0, 400)) {
      await visible(page.getByRole('link', { name: r.name, exact: true }).first());
    }
    await screenshot(page, 'home');
    expect(errors).toEqual([]);
  });

  test('a message page shows frontmatter, body, schema and its producers', async () => {
    const message = catalog.messages().find((m) => m.isLatest && m.schema && catalog.producersOf(m).length > 0) as Message;
    expect(message).toBeDefined();
    const page = await browser.newPage();
    const { errors } = watchPage(page);
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: message.name, exact: true }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(message.name);
    await visible(page.getByRole('heading', { name: 'Frontmatter' }));
    await visible(page.getByRole('heading', { name: /^Schema/ }));
    const producer = catalog.get(catalog.producersOf(message)[0].service);
    await visible(page.getByRole('link', { name: producer?.name, exact: true }).first());
    await screenshot(page, 'message');
    expect(errors).toEqual([]);
  });
});

