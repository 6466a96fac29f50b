/**
 * MallBots Stores, for real but small: the REST API of stores.swagger.json (stores, participation,
 * products, prices) over an in-memory state, publishing the store and product integration events on
 * `mallbots.stores.events.Store` / `.Product` as the catalog declares them.
 */
import { randomUUID } from 'node:crypto';
import { CHANNELS, type Bus } from './bus.ts';
import type { Fault } from './faults.ts';
import { invalid, notFound, num, Router, sleep, str } from './http-kit.ts';

interface Store {
  id: string;
  name: string;
  location: string;
  participating: boolean;
}

interface Product {
  id: string;
  storeId: string;
  name: string;
  description: string;
  sku: string;
  price: number;
}

/** Drops empty strings, as proto3 does when the payload is serialised. */
function compact(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== '' && v !== undefined));
}

export function storesRouter(bus: Bus, faults: ReadonlySet<Fault>): Router {
  const stores = new Map<string, Store>();
  const products = new Map<string, Product>();
  const contentType = faults.has('wrong-content-type') ? 'text/plain' : 'application/json';
  const publish = (address: string, name: string, payload: Record<string, unknown>) => bus.publish(address, name, compact(payload), { contentType });
  const store = (id: string) => {
    const s = stores.get(id);
    if (!s) throw notFound('store');
    return s;
  };
  const product = (id: string) => {
    const p = products.get(id);
    if (!p) throw notFound('product');
    return p;
  };
  const router = new Router();
  const slow = faults.has('slow-http');
  const on = (method: string, path: string, handler: Parameters<Router['on']>[2]) =>
    router.on(method, path, async (req) => {
      if (slow) await sleep(1500);
      return handler(req);
    });

  on('GET', '/api/stores', () => {
    const list = [...stores.values()];
    if (faults.has('not-json')) return { body: null, raw: '<!doctype html><title>Stores</title><p>Stores', contentType: 'text/html' };
    if (faults.has('bad-body')) return { body: { stores: [{ id: 1, name: 'Bits & Bytes', location: 'Level 2', participating: 'yes' }, ...list] } };
    return { status: faults.has('undocumented-status') ? 206 : 200, body: { stores: list } };
  });
  on('POST', '/api/stores', async ({ body }) => {
    const name = str(body.name).trim();
    const location = str(body.location).trim();
    if (!name) throw invalid('the store name cannot be blank');
    if (!location) throw invalid('the store location cannot be blank');
    const s: Store = { id: randomUUID(), name, location, participating: false };
    stores.set(s.id, s);
    const payload: Record<string, unknown> = { id: s.id, name: s.name, location: s.location };
    if (faults.has('missing-field')) delete payload.location;
    if (faults.has('extra-field')) payload.owner = 'mall-admin';
    await publish(CHANNELS.store, 'storesapi.StoreCreated', payload);
    return { id: s.id };
  });
  on('GET', '/api/stores/participating', () => ({ stores: [...stores.values()].filter((s) => s.participating) }));
  on('GET', '/api/stores/{id}', ({ params }) => ({ store: store(params.id) }));
  on('PUT', '/api/stores/{id}/participating', async ({ params }) => {
    const s = store(params.id);
    if (s.participating) throw invalid('the store is already participating');
    s.participating = true;
    await publish(CHANNELS.store, 'storesapi.StoreParticipatingToggled', { id: s.id, participating: true });
    return {};
  });
  on('DELETE', '/api/stores/{id}/participating', async ({ params }) => {
    const s = store(params.id);
    if (!s.participating) throw invalid('the store is not participating');
    s.participating = false;
    await publish(CHANNELS.store, 'storesapi.StoreParticipatingToggled', { id: s.id, participating: false });
    return {};
  });
  on('PUT', '/api/stores/{id}/rebrand', async ({ params, body }) => {
    const s = store(params.id);
    s.name = str(body.name);
    await publish(faults.has('wrong-channel') ? CHANNELS.product : CHANNELS.store, 'storesapi.StoreRebranded', { id: s.id, name: s.name });
    return {};
  });
  on('GET', '/api/stores/{storeId}/products', ({ params }) => ({ products: [...products.values()].filter((p) => p.storeId === params.storeId) }));
  on('POST', '/api/stores/{storeId}/products', async ({ params, body }) => {
    store(params.storeId);
    const name = str(body.name).trim();
    const price = num(body.price);
    if (!name) throw invalid('the product name cannot be blank');
    if (!(price >= 0)) throw invalid('the product price cannot be negative');
    const p: Product = { id: randomUUID(), storeId: params.storeId, name, description: str(body.description), sku: str(body.sku), price };
    products.set(p.id, p);
    await publish(CHANNELS.product, 'storesapi.ProductAdded', {
      id: p.id,
      store_id: p.storeId,
      name: p.name,
      description: p.description,
      sku: p.sku,
      price: faults.has('wrong-type') ? String(p.price) : p.price,
    });
    return { id: p.id };
  });
  on('GET', '/api/stores/products/{id}', ({ params }) => ({ product: product(params.id) }));
  on('PUT', '/api/stores/products/{id}/rebrand', async ({ params, body }) => {
    const p = product(params.id);
    p.name = str(body.name);
    p.description = str(body.description);
    await publish(CHANNELS.product, 'storesapi.ProductRebranded', { id: p.id, name: p.name, description: p.description });
    return {};
  });
  on('PUT', '/api/stores/products/{id}/increasePrice', async ({ params, body }) => {
    const p = product(params.id);
    const price = num(body.price);
    if (price < p.price) throw invalid('price increase would decrease the price');
    const delta = Math.round((price - p.price) * 100) / 100;
    p.price = price;
    await publish(CHANNELS.product, 'storesapi.ProductPriceIncreased', { id: p.id, delta });
    return {};
  });
  on('PUT', '/api/stores/products/{id}/decreasePrice', async ({ params, body }) => {
    const p = product(params.id);
    const price = num(body.price);
    if (price > p.price) throw invalid('price decrease would increase the price');
    const delta = Math.round((price - p.price) * 100) / 100;
    p.price = price;
    await publish(CHANNELS.product, 'storesapi.ProductPriceDecreased', { id: p.id, delta });
    return {};
  });
  on('DELETE', '/api/stores/products/{id}', async ({ params }) => {
    const p = product(params.id);
    products.delete(p.id);
    if (!faults.has('never-sent')) await publish(CHANNELS.product, 'storesapi.ProductRemoved', { id: p.id });
    return {};
  });
  return router;
}
