/**
 * EventCatalog 4 parity, the model half: a catalog in EventCatalog 4.7's layout (every collection, the
 * layout variants, `[[type|id]]` references) loads into the one model and lints clean; EventCatalog 2
 * and 3 layouts still load clean; bad references, misspelled fields and the config file are reported
 * the way the rest of Waybill reports problems.
 */
import path from 'node:path';
import os from 'node:os';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog, RULES } from '../../src/lint/engine.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Adr, Agent, Channel, DataProduct, Domain, Entity, Flow, Message, Service, System } from '../../src/catalog/model.ts';
import { findResourceRefs, parseResourceRef, resolveResourceRef, splitResourceRefs } from '../../src/catalog/resource-refs.ts';
import { readEventCatalogConfig } from '../../src/catalog/eventcatalog-config.ts';
import { classify } from '../../src/catalog/classify.ts';
import { LAYOUT } from '../../src/catalog/layout.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const bin = path.resolve(import.meta.dirname, '../../bin/waybill.js');
const temp: string[] = [];

/** A copy of a fixture in a temporary folder, with `files` written over it. */
function copyOf(fixture: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waybill-ec4-'));
  temp.push(dir);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(path.join(fixtures, 'eventcatalog-v4'));
}, 60_000);

describe('an EventCatalog 4 catalog', () => {
  test('loads with no unknown-file-kind and lints with no errors', () => {
    expect(catalog.diagnostics.filter((d) => d.code === 'unknown-file-kind' || d.code === 'unknown-field')).toEqual([]);
    expect(lintCatalog(catalog).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('`waybill lint` exits 0', () => {
    const run = spawnSync(process.execPath, [bin, 'lint', '--catalog', path.join(fixtures, 'eventcatalog-v4')], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(run.status).toBe(0);
  });

  test('every collection is a kind of the model', () => {
    const count = (kind: string) => catalog.resources.filter((r) => r.kind === kind).length;
    expect(Object.fromEntries(LAYOUT.map((l) => [l.kind, count(l.kind)]))).toEqual({
      domain: 3, system: 2, service: 4, agent: 1, event: 3, command: 1, query: 1, channel: 2, container: 2,
      'data-product': 1, flow: 1, entity: 2, diagram: 1, adr: 2, team: 3, user: 3,
    });
    expect(catalog.pages.map((p) => p.id)).toEqual(['homepage']);
    expect(catalog.guides.map((g) => g.id)).toEqual(['getting-started']);
  });

  test('systems group services and data stores; services write to and read from data stores', () => {
    const checkout = catalog.latest('system', 'Checkout') as System;
    const stripe = catalog.latest('system', 'Stripe') as System;
    expect(checkout.domain).toBe('domain:Shop@1.0.0');
    expect(stripe.parent).toBe(checkout.key);
    expect(stripe.scope).toBe('external');
    expect(checkout.relationships[0]).toMatchObject({ target: stripe.key, label: 'charges cards through' });
    expect(checkout.actors).toEqual([{ id: 'customer', name: 'Customer', label: 'places orders', direction: 'inbound' }]);
    expect(catalog.inSystem(checkout).filter((r) => r.kind === 'service' || r.kind === 'container').map((r) => r.id).sort()).toEqual(
      ['OrderService', 'PaymentService', 'orders-db', 'product-cache'],
    );
    const db = catalog.containers().find((c) => c.id === 'orders-db')!;
    expect(db).toMatchObject({ containerType: 'database', technology: 'postgres@16', authoritative: true, accessMode: 'readWrite', classification: 'confidential' });
    expect(catalog.writersOf(db).map((s) => s.id)).toEqual(['OrderService', 'PaymentService']);
    expect(catalog.readersOf(db).map((s) => s.id)).toEqual(['SupportAgent']);
    const orders = catalog.latest('service', 'OrderService') as Service;
    expect(orders.readsFrom.map((l) => l.target)).toEqual(['container:product-cache@1.0.0']);
    expect(orders.receives[0].triggers).toEqual([
      expect.objectContaining({ target: 'event:OrderPlaced@1.1.0', condition: 'the order is valid' }),
    ]);
  });

  test('the domain keeps its glossary terms, docs, custom properties, attachments and resource groups', () => {
    const shop = catalog.latest('domain', 'Shop') as Domain;
    expect(shop.terms.map((t) => t.name)).toEqual(['Order', 'Basket', 'Capture']);
    expect(shop.terms[0].description).toContain('[[entity|Order]]');
    expect(shop.systems.map((l) => l.target)).toEqual(['system:Checkout@1.0.0']);
    expect(shop.agents.map((l) => l.target)).toEqual(['agent:SupportAgent@1.0.0']);
    expect(shop.dataProducts.map((l) => l.target)).toEqual(['data-product:order-analytics@1.0.0']);
    expect(shop.docs.map((d) => [d.id, d.title, d.type])).toEqual([
      ['overview', 'Shop overview for new joiners', undefined],
      ['runbooks/incident', 'Shop incident runbook', 'runbook'],
    ]);
    expect(shop.customProperties).toEqual({ 'x-tier': 1, 'x-cost-centre': 'CC-1042' });
    expect(shop.attachments.map((a) => a.title ?? a.url)).toEqual(['https://acme.example/architecture/shop.pdf', 'Decision index']);
    expect(shop.resourceGroups[0].items.map((i) => i.target)).toEqual(['service:OrderService@1.2.0', 'event:OrderPlaced@1.1.0', 'container:orders-db@1.0.0']);
    expect(shop.diagrams.map((l) => l.target)).toEqual(['diagram:checkout-context@1.0.0']);
    expect(shop.changelog?.body).toContain('[[system|Checkout]]');
  });

  test('messages, channels, entities, flows, ADRs, agents and data products keep EventCatalog 4 fields', () => {
    const placed = catalog.latest('message', 'OrderPlaced') as Message;
    expect(placed.schemas).toEqual([expect.objectContaining({ path: 'schema.avsc', format: 'avro' })]);
    expect(placed.docs.map((d) => d.id)).toEqual(['examples/basic']);
    expect(placed.compatibilityChosen).toBe(false);
    expect(placed.draftNote).toEqual({ title: 'Revising', message: 'A currency field is coming.' });
    expect(catalog.latest('domain', 'Shop')?.editUrl).toBe('https://github.com/acme/catalog/edit/main/domains/Shop/index.mdx');
    expect((catalog.latest('message', 'PlaceOrder') as Message).operation).toMatchObject({ method: '', path: '/orders' });
    const channel = catalog.latest('channel', 'orders.events') as Channel;
    expect(channel.file).toBe('channels/orders/orders.events/index.mdx');
    expect(channel.deliveryGuarantee).toBe('at-least-once');
    expect(channel.routes.map((l) => l.target)).toEqual(['channel:payments.events@1.0.0']);
    const order = catalog.latest('entity', 'Order') as Entity;
    expect(order.aggregateRoot).toBe(true);
    expect(order.relations).toEqual([expect.objectContaining({ target: 'entity:Customer@1.0.0', property: 'customerId', relationType: 'belongsTo' })]);
    expect(order.properties[3].items?.properties?.map((p) => p.name)).toEqual(['sku', 'quantity']);
    const flow = catalog.latest('flow', 'PlaceOrderFlow') as Flow;
    expect(flow.file).toBe('domains/Shop/flows/checkout/PlaceOrderFlow/index.mdx');
    expect(flow.steps.map((s) => s.type)).toEqual(['actor', 'message', 'service', 'container', 'message', 'agent', 'data-product', 'externalSystem', 'custom']);
    const adr = catalog.latest('adr', 'use-postgres-for-orders') as Adr;
    expect(adr).toMatchObject({ status: 'accepted', date: '2026-01-15' });
    expect(adr.appliesTo.map((l) => l.target)).toEqual(['container:orders-db@1.0.0', 'service:OrderService@1.2.0']);
    expect(adr.related.map((l) => l.target)).toEqual(['adr:cache-product-prices@1.0.0']);
    const agent = catalog.latest('agent', 'SupportAgent') as Agent;
    expect(agent.tools.map((t) => t.name)).toEqual(['lookup-order', 'orders-mcp']);
    expect(agent.model).toEqual({ provider: 'anthropic', name: 'claude', version: '4' });
    const product = catalog.latest('data-product', 'order-analytics') as DataProduct;
    expect(product.outputs[0].contract).toEqual({ path: 'contract.yml', name: 'Daily orders', type: 'odcs' });
    const specs = (catalog.latest('service', 'OrderService') as Service).specifications;
    expect(specs.map((s) => s.type)).toEqual(['openapi', 'asyncapi', 'graphql']);
    expect(specs[2].source).toContain('type Order');
  });

  test('federated/<name>/ resources, teams and users join the model', () => {
    expect(catalog.resources.filter((r) => r.federated === 'billing').map((r) => r.key)).toEqual([
      'domain:Billing@1.0.0', 'service:InvoiceService@2.0.0', 'team:billing-team', 'user:cara',
    ]);
    expect(catalog.latest('service', 'InvoiceService')?.domain).toBe('domain:Billing@1.0.0');
  });

  test('the config comes from eventcatalog.config.js, read without running it', () => {
    expect(catalog.config).toMatchObject({
      title: 'Acme Shop',
      tagline: 'How orders, payments and fulfilment talk to each other',
      organizationName: 'Acme Retail',
      base: '/',
      trailingSlash: false,
      logo: { src: '/logo.svg', alt: 'Acme logo', text: 'Acme Shop' },
      sidebar: { type: 'TREE_VIEW', showPageHeadings: true },
    });
  });
});

describe('the layout table', () => {
  test('classifies the layout variants', () => {
    expect(classify('channels/orders/orders.events/index.md')).toMatchObject({ role: 'resource', kind: 'channel' });
    expect(classify('domains/A/flows/group/F/index.md')).toMatchObject({ role: 'resource', kind: 'flow' });
    expect(classify('systems/A/systems/B/index.md')).toMatchObject({ role: 'resource', kind: 'system', parentDirs: ['systems/A'] });
    expect(classify('systems/A/services/S/index.md')).toMatchObject({ role: 'resource', kind: 'service', parentDirs: ['systems/A'] });
    expect(classify('services/S/docs/guides/setup.mdx')).toEqual({ role: 'resource-doc', resourceDir: 'services/S', docPath: 'guides/setup.mdx', folder: 'docs', versionDir: undefined });
    expect(classify('federated/team-b/services/S/index.md')).toMatchObject({ role: 'resource', kind: 'service', resourceDir: 'federated/team-b/services/S', federated: 'team-b' });
    expect(classify('federated/team-b/users/u.md')).toEqual({ role: 'user', federated: 'team-b' });
    expect(classify('pages/homepage.mdx')).toEqual({ role: 'custom-page' });
    expect(classify('services/S/events/E/notes.md')).toEqual({ role: 'unknown' });
    // A grouping folder of a kind that does not nest is not a resource folder.
    expect(classify('services/group/S/index.md')).toEqual({ role: 'unknown' });
  });
});

describe('[[type|id]] references', () => {
  test('are found outside code, with their line and column', () => {
    const refs = findResourceRefs('See [[service|OrderService]].\n\n```\n[[event|Nope]]\n```\nand `[[event|Nope]]` and [[event|OrderPlaced@1.0.0]] and [[Customer]].');
    expect(refs.map((r) => [r.type, r.id, r.version, r.line, r.column])).toEqual([
      ['service', 'OrderService', undefined, 1, 5],
      ['event', 'OrderPlaced', '1.0.0', 6, 26],
      ['entity', 'Customer', undefined, 6, 58],
    ]);
    expect(parseResourceRef('[[container|orders-db|the database]]')).toMatchObject({ type: 'container', id: 'orders-db', label: 'the database' });
    expect(splitResourceRefs('Ask [[service|OrderService]] or [[Order]].')).toEqual([
      'Ask ', { raw: '[[service|OrderService]]', type: 'service', id: 'OrderService' }, ' or ', { raw: '[[Order]]', type: 'entity', id: 'Order' }, '.',
    ]);
  });

  test('resolve to a resource at a version, a guide, or say why not', () => {
    const at = (raw: string) => resolveResourceRef(catalog, parseResourceRef(raw)!);
    expect(at('[[event|OrderPlaced@1.0.0]]')).toMatchObject({ ok: true, label: 'Order placed', target: { resource: { key: 'event:OrderPlaced@1.0.0' } } });
    expect(at('[[services|OrderService]]')).toMatchObject({ ok: true, target: { resource: { key: 'service:OrderService@1.2.0' } } });
    expect(at('[[doc|getting-started]]')).toMatchObject({ ok: true, label: 'Getting started' });
    expect(at('[[service|OrderServce]]')).toMatchObject({ ok: false, message: expect.stringContaining("Did you mean 'OrderService'?") });
    expect(at('[[servce|OrderService]]')).toMatchObject({ ok: false, message: expect.stringContaining("Did you mean 'service'?") });
    expect(at('[[event|PlaceOrder]]')).toMatchObject({ ok: false, message: expect.stringContaining('is a command, not an event'), hint: 'Write [[command|PlaceOrder]].' });
    expect(at('[[event|OrderPlaced@9.0.0]]')).toMatchObject({ ok: false, message: expect.stringContaining('has no version 9.0.0') });
  });

  test('an unknown one is a lint error at its file and line', async () => {
    const dir = copyOf('eventcatalog-v4', {
      'domains/Shop/subdomains/Fulfilment/index.mdx': '---\nid: Fulfilment\nname: Fulfilment\nversion: 0.1.0\n---\n\nFirst line.\n\nShips [[event|PaymentCapturd]] parcels.\n',
    });
    const found = lintCatalog(await loadCatalog(dir)).filter((d) => d.code === 'unknown-resource-ref');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'domains/Shop/subdomains/Fulfilment/index.mdx',
        line: 9,
        column: 7,
        message: expect.stringContaining("Did you mean 'PaymentCaptured'?"),
      }),
    ]);
  });
});

describe('frontmatter', () => {
  test('a misspelled field is a warning with a did-you-mean; x-* custom properties are not', async () => {
    const dir = copyOf('eventcatalog-v4', {
      'domains/Shop/systems/Checkout/services/PaymentService/index.mdx':
        '---\nid: PaymentService\nname: Payment Service\nversion: 1.0.0\nrecieves:\n  - id: OrderPlaced\nx-team-slack: "#payments"\nsends:\n  - id: PaymentCaptured\n---\n\nPays.\n',
    });
    const loaded = await loadCatalog(dir);
    const unknown = loaded.diagnostics.filter((d) => d.code === 'unknown-field');
    expect(unknown).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'domains/Shop/systems/Checkout/services/PaymentService/index.mdx',
        line: 5,
        message: "'recieves' is not a field of this service; it is ignored. Did you mean 'receives'?",
      }),
    ]);
    expect(loaded.latest('service', 'PaymentService')?.customProperties).toEqual({ 'x-team-slack': '#payments' });
  });

  test('every field EventCatalog 4 accepts is accepted', () => {
    expect(catalog.diagnostics.filter((d) => d.code === 'frontmatter-invalid')).toEqual([]);
  });
});

describe('conventions', () => {
  test('are warnings until the catalog opts in', async () => {
    const compat = (c: Catalog) => lintCatalog(c).filter((d) => d.code === 'schema-compatibility').map((d) => d.severity);
    expect(compat(catalog)).toEqual(['warning']);
    const optedIn = await loadCatalog(copyOf('eventcatalog-v4', { 'waybill.config.yaml': 'title: Acme\nlint:\n  conventions: true\n' }));
    expect(compat(optedIn)).toEqual(['error']);
    const perMessage = copyOf('eventcatalog-v4', {});
    const file = path.join(perMessage, 'domains/Shop/systems/Checkout/services/OrderService/events/OrderPlaced/index.mdx');
    const text = (await import('node:fs')).readFileSync(file, 'utf8').replace('version: 1.1.0\n', 'version: 1.1.0\ncompatibility: BACKWARD\n');
    writeFileSync(file, text);
    expect(compat(await loadCatalog(perMessage))).toEqual(['error']);
  });

  test('`waybill lint --rules` says which rules are conventions', () => {
    const out = execFileSync(process.execPath, [bin, 'lint', '--rules'], { encoding: 'utf8' });
    for (const rule of RULES.filter((r) => r.convention)) expect(out).toMatch(new RegExp(`^${rule.id}\\s+\\w+\\s+convention `, 'm'));
    expect(RULES.filter((r) => r.convention).map((r) => r.id)).toEqual(expect.arrayContaining(['message-without-producer', 'schema-compatibility', 'one-producer-per-channel', 'event-name-past-tense']));
  });
});

describe('eventcatalog.config.js', () => {
  test('keeps literal values, leaves out computed ones, and reports a file it cannot parse', async () => {
    const read = await readEventCatalogConfig("const base = '/catalog/';\nexport default { title: `Shop`, base, cId: process.env.X, logo: { src: '/l.svg' }, n: 1 + 1 };", 'eventcatalog.config.js');
    expect(read.value).toEqual({ title: 'Shop', base: '/catalog/', logo: { src: '/l.svg' } });
    const broken = await readEventCatalogConfig('export default {\n  title: "Shop",,\n};', 'eventcatalog.config.js');
    expect(broken.problem).toMatchObject({ code: 'config-invalid', severity: 'warning', line: 2 });
  });
});

describe('EventCatalog 2 and 3 layouts', () => {
  test.each(['eventcatalog-v2', 'eventcatalog'])('%s loads clean and lints with no errors', async (fixture) => {
    const loaded = await loadCatalog(path.join(fixtures, fixture));
    expect(loaded.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'resource-without-owners')).toEqual([]);
    expect(lintCatalog(loaded).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the EventCatalog 2 config and layout are read', async () => {
    const loaded = await loadCatalog(path.join(fixtures, 'eventcatalog-v2'));
    expect(loaded.config).toMatchObject({ title: 'Inventory catalog', organizationName: 'Acme Warehousing', trailingSlash: true, logo: { src: '/logo.png', alt: 'Acme' } });
    expect(loaded.config).not.toHaveProperty('cId');
    expect(loaded.versions('message', 'InventoryAdjusted').map((v) => v.version)).toEqual(['0.0.1', '0.0.2']);
    expect(loaded.latest('service', 'InventoryService')?.domain).toBe('domain:Inventory@0.0.1');
  });
});

describe('the 3D graph of an EventCatalog 4 catalog', () => {
  test('systems, data stores and agents are nodes; writesTo/readsFrom and system membership are edges', async () => {
    const { SiteIndex } = await import('../../src/site/site-index.ts');
    const { buildGraph } = await import('../../src/graph/data.ts');
    const graph = buildGraph(new SiteIndex(catalog), { base: '/' });
    const at = (id: string) => graph.nodes.findIndex((n) => n.id === id);
    const edges = (kind: string) => graph.links.filter((l) => l.kind === kind).map((l) => `${graph.nodes[l.source].id} > ${graph.nodes[l.target].id}`).sort();
    expect(['system:Checkout', 'system:Stripe', 'container:orders-db', 'container:product-cache', 'agent:SupportAgent'].map(at).every((i) => i >= 0)).toBe(true);
    expect(edges('writes')).toEqual(['service:OrderService > container:orders-db', 'service:PaymentService > container:orders-db']);
    expect(edges('reads')).toEqual(['container:orders-db > agent:SupportAgent', 'container:product-cache > service:OrderService']);
    expect(edges('contains')).toEqual(expect.arrayContaining([
      'domain:Shop > system:Checkout', 'system:Checkout > system:Stripe', 'system:Checkout > service:OrderService', 'system:Checkout > container:orders-db', 'domain:Shop > agent:SupportAgent',
    ]));
    expect(edges('receives')).toContain('event:PaymentCaptured > agent:SupportAgent');
    expect(graph.nodes[at('container:orders-db')].domain).toBe(at('domain:Shop'));
  });
});

describe('references between the new kinds', () => {
  test('an unknown data store, a typed reference of the wrong kind and an unknown decision maker are reported with their line', async () => {
    const dir = copyOf('eventcatalog-v4', {
      'adrs/cache-product-prices/index.mdx':
        '---\nid: cache-product-prices\nname: Cache product prices\nversion: 1.0.0\nstatus: proposed\ndate: 2026-02-20\ndecisionMakers:\n  - anna\nappliesTo:\n  - id: PlaceOrder\n    type: event\n---\n\nBody.\n',
      'domains/Shop/systems/Checkout/services/PaymentService/index.mdx':
        '---\nid: PaymentService\nname: Payment Service\nversion: 1.0.0\nsends:\n  - id: PaymentCaptured\nwritesTo:\n  - id: order-db\n---\n\nPays.\n',
    });
    const found = lintCatalog(await loadCatalog(dir))
      .filter((d) => d.severity === 'error')
      .map((d) => [d.code, d.file?.split('/').at(-2), d.line, d.message]);
    expect(found).toEqual(expect.arrayContaining([
      ['unknown-reference', 'PaymentService', 8, expect.stringContaining("writesTo 'order-db', which is not a container in the catalog. Did you mean 'orders-db'?")],
      ['unknown-reference', 'cache-product-prices', 11, expect.stringContaining("names event 'PlaceOrder', but 'PlaceOrder' is a command")],
      ['owner-unknown', 'cache-product-prices', 8, expect.stringContaining("Decision maker 'anna'")],
    ]));
    expect(found.filter((d) => d[0] === 'version-not-found')).toEqual([]);
  });
});

describe('Markdown links to EventCatalog URLs of the new kinds', () => {
  test('lint and the site read /docs/<collection>/<id>[/<version>] the same way', async () => {
    const { SiteIndex } = await import('../../src/site/site-index.ts');
    const { rewriteLink } = await import('../../src/site/markdown/links.ts');
    const { linkExists } = await import('../../src/lint/rules/broken-link.ts');
    const file = 'domains/Shop/subdomains/Fulfilment/index.mdx';
    const ctx = new SiteIndex(catalog).links(file);
    for (const [url, page] of [['/docs/systems/Checkout/1.0.0', '/systems/Checkout/'], ['/docs/containers/orders-db', '/containers/orders-db/']] as const) {
      expect(linkExists(catalog, file, url)).toBe(true);
      expect(rewriteLink(url, ctx)?.href).toBe(page);
    }
    expect(linkExists(catalog, file, '/docs/systems/Checkout/9.9.9')).toBe(false);
    expect(linkExists(catalog, file, '/docs/adrs/no-such-decision')).toBe(false);
    expect(lintCatalog(catalog).filter((d) => d.code === 'broken-link')).toEqual([]);
  });
});
