import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const stores = 'services/Stores/index.md';

describe('unknown-reference', () => {
  testRule('unknown-reference', [
    { name: 'every reference resolves', files: {}, diagnostics: [] },
    {
      name: 'a sends entry names a missing message, with a suggestion',
      files: { [stores]: md({ id: 'Stores', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreatd' }] }) },
      diagnostics: [{ file: stores, line: 7, message: /Did you mean 'StoreCreated'\?/ }],
    },
    {
      name: "a request's reply names a missing message and a missing channel",
      files: { [stores]: md({ id: 'Stores', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', reply: { channel: { id: 'answers' }, messages: [{ id: 'StoreCreatedAck' }] } }] }) },
      diagnostics: [
        { file: stores, line: 10, message: /'answers', which is not a channel/ },
        { file: stores, line: 12, message: /'StoreCreatedAck', which is not a message/ },
      ],
    },
    {
      name: 'a message names a missing channel',
      files: {
        'services/Stores/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json', channels: [{ id: 'nowhere' }] }),
      },
      diagnostics: [{ file: 'services/Stores/events/StoreCreated/index.md', line: 8, message: /'nowhere', which is not a channel/ }],
    },
    {
      name: 'a flow step names a missing service',
      files: { 'flows/F/index.md': md({ id: 'F', version: '1.0.0', owners: ['core'], steps: [{ id: 'a', service: { id: 'Ghost' } }] }) },
      diagnostics: [{ file: 'flows/F/index.md', line: 9 }],
    },
    {
      name: 'a domain lists a missing service',
      files: { 'domains/Shop/index.md': md({ id: 'Shop', version: '1.0.0', owners: ['core'], services: [{ id: 'Stores' }, { id: 'Payments' }] }) },
      diagnostics: [{ file: 'domains/Shop/index.md', line: 8 }],
    },
  ]);
});

describe('version-not-found', () => {
  testRule('version-not-found', [
    { name: 'latest, exact and ranges that match', files: {}, diagnostics: [] },
    {
      name: 'a range that matches no version',
      files: { [stores]: md({ id: 'Stores', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated', version: '^2' }] }) },
      diagnostics: [{ file: stores, line: 8, message: /'\^2', which matches none of its versions \(1\.0\.0\)/ }],
    },
  ]);
});

describe('consumer-pinned-version', () => {
  const v2 = {
    'services/Stores/events/StoreCreated/versioned/1.0.0/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], deprecated: { message: 'use 2.0.0' } }),
    'services/Stores/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '2.0.0', owners: ['core'], schemaPath: 'schema.json' }),
  };
  testRule('consumer-pinned-version', [
    { name: 'consumer on the latest version', files: {}, diagnostics: [] },
    {
      name: 'consumer pinned to a deprecated version',
      files: { ...v2, 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', version: '1.0.0' }] }) },
      diagnostics: [{ file: 'services/Baskets/index.md', line: 8, severity: 'warning', message: /deprecated: use 2\.0\.0/ }],
    },
    {
      name: 'consumer pinned to a version that no longer exists',
      files: { 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', version: '0.9.0' }] }) },
      diagnostics: [{ file: 'services/Baskets/index.md', line: 8, severity: 'error', message: /no longer exists/ }],
    },
  ]);
});

describe('flow-step-unknown', () => {
  testRule('flow-step-unknown', [
    {
      name: 'steps that link up',
      files: { 'flows/F/index.md': md({ id: 'F', version: '1.0.0', owners: ['core'], steps: [{ id: 'a', actor: { name: 'User' }, next_step: 'b' }, { id: 'b', service: { id: 'Stores' } }] }) },
      diagnostics: [],
    },
    {
      name: 'next_steps to a step that does not exist',
      files: { 'flows/F/index.md': md({ id: 'F', version: '1.0.0', owners: ['core'], steps: [{ id: 'a', actor: { name: 'User' }, next_steps: [{ id: 'zz', label: 'x' }] }] }) },
      diagnostics: [{ file: 'flows/F/index.md', line: 7, message: /continues to 'zz'/ }],
    },
  ]);
});

describe('broken-link', () => {
  testRule('broken-link', [
    {
      name: 'links to files, pages and the web',
      files: { 'docs/intro.md': md({ title: 'Intro' }, '\nSee [the event](/events/StoreCreated/), [v1](/events/StoreCreated/1.0.0/), [schema](../services/Stores/events/StoreCreated/schema.json) and [web](https://example.com).\n') },
      diagnostics: [],
    },
    {
      name: 'a link to a missing page and a missing file; code is ignored',
      files: { 'docs/intro.md': md({ title: 'Intro' }, '\nSee [x](/events/Nope/).\n\n```\n[not a link](/events/Nope/)\n```\n\nAnd ![img](./missing.png).\n') },
      diagnostics: [
        { file: 'docs/intro.md', line: 5, message: /'\/events\/Nope\/'/ },
        { file: 'docs/intro.md', line: 11, message: /missing\.png/ },
      ],
    },
  ]);
});
