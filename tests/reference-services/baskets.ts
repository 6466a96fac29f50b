/**
 * MallBots Baskets, small: consumes StoreCreated/StoreRebranded (group `baskets-stores`) and the product
 * events (group `baskets-products`) into a local store and product cache — idempotently, through an inbox
 * of processed message ids — and exposes that cache over HTTP (`/api/baskets/cache/…`, not part of the
 * Swagger document). The REST API of baskets.swagger.json starts, fills, checks out and cancels baskets,
 * publishing BasketStarted, BasketCheckedOut and BasketCanceled on `mallbots.baskets.events.Basket`.
 * A cache miss falls back to the Stores API, as MallBots falls back to Stores' gRPC service.
 */
import { randomUUID } from 'node:crypto';
import { CHANNELS, type Bus, type StreamMessage } from './bus.ts';
import type { Fault } from './faults.ts';
import { invalid, notFound, num, Router, sleep, str } from './http-kit.ts';

interface CachedStore {
  id: string;
  name: string;
}

interface CachedProduct {
  id: string;
  storeId: string;
  name: string;
  price: number;
}

interface Item {
  storeId: string;
  productId: string;
  storeName: string;
  productName: string;
  productPrice: number;
  quantity: number;
}

interface Basket {
  id: string;
  customerId: string;
  paymentId?: string;
  items: Map<string, Item>;
  status: 'open' | 'checked-out' | 'canceled';
}

const STORE_EVENTS = new Set(['storesapi.StoreCreated', 'storesapi.StoreRebranded']);
const PRODUCT_EVENTS = new Set(['storesapi.ProductAdded', 'storesapi.ProductRebranded', 'storesapi.ProductPriceIncreased', 'storesapi.ProductPriceDecreased', 'storesapi.ProductRemoved']);

export interface BasketsOptions {
  bus: Bus;
  faults: ReadonlySet<Fault>;
  /** Base URL of the Stores API, for cache misses. */
  storesUrl?: () => string | undefined;
}

export async function basketsRouter({ bus, faults, storesUrl }: BasketsOptions): Promise<Router> {
  const stores = new Map<string, CachedStore>();
  const products = new Map<string, CachedProduct>();
  const inbox = new Set<string>();
  const baskets = new Map<string, Basket>();

  const apply = async (message: StreamMessage) => {
    if (!faults.has('not-idempotent')) {
      if (inbox.has(message.ID)) return;
      inbox.add(message.ID);
    }
    if (faults.has('slow-consumer')) await sleep(700);
    const p = message.Payload ?? {};
    const id = str(p.id);
    switch (message.Name) {
      case 'storesapi.StoreCreated':
        if (!faults.has('deaf-consumer')) stores.set(id, { id, name: str(p.name) });
        break;
      case 'storesapi.StoreRebranded': {
        const s = stores.get(id);
        if (s) s.name = str(p.name);
        break;
      }
      case 'storesapi.ProductAdded':
        products.set(id, { id, storeId: str(p.store_id), name: str(p.name), price: num(p.price) });
        break;
      case 'storesapi.ProductRebranded': {
        const product = products.get(id);
        if (product) product.name = str(p.name);
        break;
      }
      case 'storesapi.ProductPriceIncreased':
      case 'storesapi.ProductPriceDecreased': {
        const product = products.get(id);
        if (product) product.price = Math.round((product.price + num(p.delta)) * 100) / 100;
        break;
      }
      case 'storesapi.ProductRemoved':
        products.delete(id);
        break;
    }
  };
  await bus.subscribe(CHANNELS.store, 'baskets-stores', async (m) => {
    if (STORE_EVENTS.has(m.Name)) await apply(m);
  });
  await bus.subscribe(CHANNELS.product, 'baskets-products', async (m) => {
    if (PRODUCT_EVENTS.has(m.Name)) await apply(m);
  });

  const fetchStores = async (path: string): Promise<Record<string, unknown> | undefined> => {
    const base = storesUrl?.();
    if (!base) return undefined;
    const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    if (!res?.ok) return undefined;
    return (await res.json()) as Record<string, unknown>;
  };
  const storeOf = async (id: string): Promise<CachedStore> => {
    const cached = stores.get(id);
    if (cached) return cached;
    const answer = (await fetchStores(`/api/stores/${encodeURIComponent(id)}`))?.store as Record<string, unknown> | undefined;
    if (!answer) throw notFound('store');
    const s = { id, name: str(answer.name) };
    stores.set(id, s);
    return s;
  };
  const productOf = async (id: string): Promise<CachedProduct> => {
    const cached = products.get(id);
    if (cached) return cached;
    const answer = (await fetchStores(`/api/stores/products/${encodeURIComponent(id)}`))?.product as Record<string, unknown> | undefined;
    if (!answer) throw notFound('product');
    const p = { id, storeId: str(answer.storeId), name: str(answer.name), price: num(answer.price) };
    products.set(id, p);
    return p;
  };
  const basket = (id: string) => {
    const b = baskets.get(id);
    if (!b) throw notFound('basket');
    return b;
  };
  const open = (id: string) => {
    const b = basket(id);
    if (b.status !== 'open') throw invalid(`the basket is ${b.status}`);
    return b;
  };
  const view = (b: Basket) => ({ id: b.id, items: [...b.items.values()] });

  const router = new Router();
  router.on('GET', '/api/baskets/cache/stores/{id}', ({ params }) => {
    const s = stores.get(params.id);
    if (!s) throw notFound('store');
    return { store: s };
  });
  router.on('GET', '/api/baskets/cache/products/{id}', ({ params }) => {
    const p = products.get(params.id);
    if (!p) throw notFound('product');
    return { product: p };
  });
  router.on('POST', '/api/baskets', async ({ body }) => {
    const customerId = str(body.customerId);
    if (!customerId) throw invalid('the customer id cannot be blank');
    const b: Basket = { id: randomUUID(), customerId, items: new Map(), status: 'open' };
    baskets.set(b.id, b);
    await bus.publish(CHANNELS.basket, 'basketsapi.BasketStarted', { id: b.id, customer_id: b.customerId });
    return { id: b.id };
  });
  router.on('GET', '/api/baskets/{id}', ({ params }) => ({ basket: view(basket(params.id)) }));
  router.on('DELETE', '/api/baskets/{id}', async ({ params }) => {
    const b = open(params.id);
    b.status = 'canceled';
    await bus.publish(CHANNELS.basket, 'basketsapi.BasketCanceled', { id: b.id });
    return {};
  });
  router.on('PUT', '/api/baskets/{id}/addItem', async ({ params, body }) => {
    const b = open(params.id);
    const quantity = num(body.quantity);
    if (!(quantity > 0)) throw invalid('the quantity must be positive');
    const product = await productOf(str(body.productId));
    const store = await storeOf(product.storeId);
    const existing = b.items.get(product.id);
    if (existing) existing.quantity += quantity;
    else b.items.set(product.id, { storeId: store.id, productId: product.id, storeName: store.name, productName: product.name, productPrice: product.price, quantity });
    return {};
  });
  router.on('PUT', '/api/baskets/{id}/removeItem', ({ params, body }) => {
    const b = open(params.id);
    const item = b.items.get(str(body.productId));
    if (!item) throw notFound('item');
    item.quantity -= num(body.quantity);
    if (item.quantity <= 0) b.items.delete(item.productId);
    return {};
  });
  router.on('PUT', '/api/baskets/{id}/checkout', async ({ params, body }) => {
    const b = open(params.id);
    const paymentId = str(body.paymentId);
    if (!paymentId) throw invalid('the payment id cannot be blank');
    if (!b.items.size) throw invalid('the basket is empty');
    b.status = 'checked-out';
    b.paymentId = paymentId;
    await bus.publish(CHANNELS.basket, 'basketsapi.BasketCheckedOut', {
      id: b.id,
      customer_id: b.customerId,
      payment_id: paymentId,
      items: [...b.items.values()].map((i) => ({ store_id: i.storeId, product_id: i.productId, store_name: i.storeName, product_name: i.productName, price: i.productPrice, quantity: i.quantity })),
    });
    return {};
  });
  return router;
}
