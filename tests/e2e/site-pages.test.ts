/**
 * The built site of the default catalog in a real browser: every page kind loads with no console
 * errors and no failed requests, shows what its kind shows, and is screenshotted (desktop, a 375 px
 * phone, and dark) under test-results/screenshots/ for review. Every internal link resolves.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Message, Resource } from '../../src/catalog/model.ts';
import { resourcePath } from '../../src/site/paths.ts';
import { launchBrowser, screenshot, visible, watchPage } from './support.ts';

const url = inject('siteUrl');
const siteDir = inject('siteDir');
let browser: Browser;
let catalog: Catalog;

beforeAll(async () => {
  browser = await launchBrowser();
  catalog = await loadCatalog(path.resolve(import.meta.dirname, '../../catalog'));
});
afterAll(async () => browser?.close());

const pick = <T extends Resource>(list: T[], test: (r: T) => boolean = () => true): T => {
  const found = list.find((r) => r.isLatest && test(r));
  if (!found) throw new Error('the default catalog has no such resource');
  return found;
};

async function open(path: string, name: string, check: (page: Page) => Promise<void>) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const { errors } = watchPage(page);
  await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
  await check(page);
  await screenshot(page, name);
  expect(errors, `${path}: console errors or failed requests`).toEqual([]);
  await page.close();
}

describe('every page kind', () => {
  test('home: counts, domain cards, recently changed, guides', async () => {
    await open('/', 'home', async (page) => {
      await visible(page.getByRole('heading', { level: 1, name: catalog.config.title }));
      await visible(page.getByRole('list', { name: 'What the catalog holds' }));
      for (const d of catalog.domains().filter((d) => d.isLatest && !d.parent)) await visible(page.getByRole('link', { name: new RegExp(`^${d.name.replace(/[()]/g, '.')}`) }).first());
      await visible(page.getByRole('heading', { name: 'Recently changed' }));
    });
  });

  test('domain: context map, services, messages', async () => {
    const d = pick(catalog.domains(), (d) => d.id === 'MallBots');
    await open(resourcePath(d), 'domain', async (page) => {
      await visible(page.getByRole('heading', { level: 1, name: d.name }));
      for (const id of ['context-map', 'services', 'messages']) await visible(page.locator(`#${id}`));
      await visible(page.getByRole('link', { name: 'Stores', exact: true }).first());
    });
  });

  test('service: sends and receives, neighbourhood, specifications', async () => {
    const s = pick(catalog.services(), (s) => s.id === 'Stores');
    await open(resourcePath(s), 'service', async (page) => {
      await visible(page.getByRole('heading', { level: 1, name: s.name }));
      await visible(page.getByRole('heading', { name: 'Sends', exact: true }));
      await visible(page.getByRole('link', { name: 'StoreCreated', exact: true }).first());
      await visible(page.getByRole('link', { name: /AsyncAPI/ }).first());
    });
  });

  test('event: schema viewer, example, producers and consumers', async () => {
    const m = pick(catalog.messages(), (m) => m.id === 'StoreCreated') as Message;
    await open(resourcePath(m), 'event', async (page) => {
      await visible(page.getByRole('heading', { level: 1, name: 'StoreCreated' }));
      const schema = page.locator('.schema-viewer');
      await visible(schema.locator('.prop-name', { hasText: 'id' }).first());
      await visible(schema.locator('.badge-required').first());
      await visible(page.getByText('Example payload'));
      await page.getByText('Raw schema').click();
      await visible(page.locator('#schema-raw .j-key').first());
      for (const c of catalog.consumersOf(m)) await visible(page.getByRole('link', { name: catalog.get(c.service)?.name, exact: true }).first());
    });
  });

  test('an older message version: banner, property diff, compatibility verdict, previous/next', async () => {
    const versioned = catalog.messages().find((m) => !m.isLatest && catalog.versionsOf(m).indexOf(m) > 0) ?? catalog.messages().find((m) => m.isLatest && catalog.versionsOf(m).length > 1);
    expect(versioned, 'the default catalog has a message with several versions').toBeDefined();
    const latest = catalog.latest('message', versioned!.id) as Message;
    await open(resourcePath(latest), 'event-versions', async (page) => {
      await visible(page.getByRole('heading', { name: /^Versions/ }));
      await visible(page.locator('.verdict'));
      await visible(page.locator('[data-diff-result] .diff-summary'));
      const selects = page.locator('form[data-diff] select');
      await expect.poll(() => selects.count()).toBe(2);
    });
    const first = catalog.versionsOf(latest)[0];
    await open(resourcePath(first), 'event-old-version', async (page) => {
      await visible(page.getByText(`This is version ${first.version}`));
      await visible(page.getByRole('navigation', { name: 'Versions' }).getByRole('link', { name: /Next version/ }));
    });
  });

  test('command, channel, flow, entity, team, person, guide, discover, 404', async () => {
    const command = pick(catalog.messages(), (m) => m.kind === 'command');
    await open(resourcePath(command), 'command', async (page) => visible(page.getByText('Command', { exact: true }).first()));
    const channel = pick(catalog.channels(), (c) => c.id === 'mallbots.stores.events.Store');
    await open(resourcePath(channel), 'channel', async (page) => {
      await visible(page.getByRole('heading', { level: 1, name: channel.name }));
      await visible(page.getByRole('link', { name: 'StoreCreated', exact: true }).first());
    });
    const flow = pick(catalog.flows());
    await open(resourcePath(flow), 'flow', async (page) => {
      await visible(page.getByRole('heading', { name: 'Steps' }));
      for (const step of flow.steps.slice(0, 5)) await visible(page.locator(`[id="step-${step.id}"]`).first());
    });
    const entity = pick(catalog.entities());
    await open(resourcePath(entity), 'entity', async (page) => visible(page.getByRole('heading', { name: 'Properties' })));
    const team = pick(catalog.teams(), (t) => catalog.ownedBy(t).length > 0);
    await open(resourcePath(team), 'team', async (page) => visible(page.getByRole('heading', { name: 'Owns' })));
    const user = pick(catalog.users());
    await open(resourcePath(user), 'person', async (page) => visible(page.getByRole('heading', { level: 1, name: user.name })));
    const guide = catalog.guides[0];
    await open(`/docs/${guide.id}/`, 'guide', async (page) => visible(page.getByRole('heading', { level: 1, name: guide.title })));
    await open('/discover/', 'discover', async (page) => {
      await page.getByRole('searchbox', { name: 'Filter' }).fill('StoreCreated');
      await expect.poll(() => page.locator('table[data-discover] tbody tr:not([hidden])').count()).toBe(1);
      await page.getByRole('button', { name: 'Name' }).click();
    });
    const page = await browser.newPage();
    const response = await page.goto(`${url}/no/such/page/`);
    expect(response?.status()).toBe(404);
    await visible(page.getByRole('heading', { name: 'Page not found' }));
    await screenshot(page, '404');
    await page.close();
  });

  test('on a 375 px phone and in dark mode', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    const { errors } = watchPage(phone);
    await phone.goto(`${url}/events/StoreCreated/`, { waitUntil: 'networkidle' });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no horizontal scrolling of the page').toBeLessThanOrEqual(1);
    await screenshot(phone, 'event-phone');
    await phone.getByRole('button', { name: 'Open navigation' }).click();
    await visible(phone.locator('#sidebar').getByRole('link', { name: 'Discover' }));
    await screenshot(phone, 'sidebar-phone');
    expect(errors).toEqual([]);
    await phone.close();
    const dark = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    await dark.goto(`${url}/services/Stores/`, { waitUntil: 'networkidle' });
    expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(dark, 'service-dark');
    await dark.close();
  });
});

describe('links', () => {
  test('every internal link of every page resolves', async () => {
    const html: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== '_vendor' && e.name !== 'pagefind') walk(p);
        else if (e.name.endsWith('.html')) html.push(p);
      }
    };
    walk(siteDir);
    const targets = new Set<string>();
    for (const file of html) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\s(?:href|src|data-nav-src)="([^"#?]*)/g)) {
        if (m[1].startsWith('/') && !m[1].startsWith('//')) targets.add(m[1].replace(/&amp;/g, '&'));
      }
    }
    const broken: string[] = [];
    const list = [...targets];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < list.length; i += 8) {
          const res = await fetch(`${url}${list[i]}`, { redirect: 'manual' });
          if (res.status >= 400) broken.push(`${res.status} ${list[i]}`);
          await res.arrayBuffer();
        }
      }),
    );
    expect(targets.size).toBeGreaterThan(300);
    expect(broken).toEqual([]);
  });
});
