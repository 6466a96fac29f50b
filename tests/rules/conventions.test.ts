import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const event = (id: string) => ({ [`services/Stores/events/${id}/index.md`]: md({ id, version: '1.0.0', owners: ['core'] }) });
const command = (id: string) => ({ [`services/Stores/commands/${id}/index.md`]: md({ id, version: '1.0.0', owners: ['core'] }) });

describe('event-name-past-tense', () => {
  testRule('event-name-past-tense', [
    { name: 'StoreCreated', files: {}, diagnostics: [] },
    { name: 'irregular past and an Event suffix', files: { ...event('InvoicePaid'), ...event('MessageSentEvent'), ...event('OrderReadied') }, diagnostics: [] },
    { name: 'phrasal verbs and a leading participle', files: { ...event('BasketCheckedOut'), ...event('UserSignedUp'), ...event('CreatedShoppingList'), ...event('MembershipCreatedForProject') }, diagnostics: [] },
    { name: 'imperative event name', files: event('CreateStore'), diagnostics: [{ file: 'services/Stores/events/CreateStore/index.md', line: 2, message: /'Store'/ }] },
    { name: 'noun event name', files: event('StoreUpdate'), diagnostics: [{ file: 'services/Stores/events/StoreUpdate/index.md', line: 2 }] },
  ]);
});

describe('command-name-imperative', () => {
  testRule('command-name-imperative', [
    { name: 'CreateStore and a Command suffix', files: { ...command('CreateStore'), ...command('CancelShoppingListCommand') }, diagnostics: [] },
    { name: 'past-tense command', files: command('StoreCreated'), diagnostics: [{ file: 'services/Stores/commands/StoreCreated/index.md', line: 2 }] },
    { name: 'gerund command', files: command('CreatingStore'), diagnostics: [{ file: 'services/Stores/commands/CreatingStore/index.md', line: 2 }] },
  ]);
});

describe('one-producer-per-channel', () => {
  testRule('one-producer-per-channel', [
    { name: 'one producer', files: {}, diagnostics: [] },
    {
      name: 'two services publish events to one stream',
      files: {
        'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated', to: [{ id: 'shop.stores.events' }] }] }),
      },
      diagnostics: [{ file: 'channels/shop.stores.events/index.md', line: 2, message: /published by 2 services \(Baskets, Stores\)/ }],
    },
    {
      name: 'config override makes it a warning for one folder',
      files: {
        'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated', to: [{ id: 'shop.stores.events' }] }] }),
        'waybill.config.yaml': 'lint:\n  overrides:\n    - files: ["channels/**"]\n      rules: { one-producer-per-channel: warning }\n',
      },
      diagnostics: [{ file: 'channels/shop.stores.events/index.md', line: 2, severity: 'warning' }],
    },
  ]);
});

describe('channel-address-naming', () => {
  const config = { 'waybill.config.yaml': 'lint:\n  naming:\n    channelAddress: ["^shop\\\\.[a-z]+\\\\.(events|commands)$"]\n' };
  testRule('channel-address-naming', [
    { name: 'no convention configured', files: {}, diagnostics: [] },
    { name: 'address follows the convention', files: config, diagnostics: [] },
    {
      name: 'address breaks the convention',
      files: { ...config, 'channels/x/index.md': md({ id: 'x', version: '1.0.0', owners: ['core'], address: 'Shop-Stores' }) },
      diagnostics: [{ file: 'channels/x/index.md', line: 6, message: /'Shop-Stores'/ }],
    },
  ]);
});

describe('message-without-schema', () => {
  testRule('message-without-schema', [
    { name: 'message with a schema', files: {}, diagnostics: [] },
    { name: 'message without one', files: event('StoreClosed'), diagnostics: [{ file: 'services/Stores/events/StoreClosed/index.md', line: 2 }] },
  ]);
});

describe('message-without-producer / message-without-consumer', () => {
  testRule('message-without-producer', [
    { name: 'produced', files: {}, diagnostics: [] },
    { name: 'nobody sends it', files: event('StoreClosed'), diagnostics: [{ file: 'services/Stores/events/StoreClosed/index.md', line: 2 }] },
    {
      name: 'deprecated messages are exempt',
      files: { 'services/Stores/events/StoreClosed/index.md': md({ id: 'StoreClosed', version: '1.0.0', owners: ['core'], deprecated: true }) },
      diagnostics: [],
    },
    {
      name: 'HTTP operations are exempt (their callers are API clients)',
      files: { 'services/Stores/queries/GetStore/index.md': md({ id: 'GetStore', version: '1.0.0', owners: ['core'], operation: { method: 'GET', path: '/stores/{id}', statusCodes: ['200'] } }) },
      diagnostics: [],
    },
  ]);
  testRule('message-without-consumer', [
    { name: 'consumed', files: {}, diagnostics: [] },
    {
      name: 'nobody receives it',
      files: { 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'] }) },
      diagnostics: [{ file: 'services/Stores/events/StoreCreated/index.md', line: 2, severity: 'warning' }],
    },
  ]);
});

describe('owners', () => {
  testRule('owner-unknown', [
    { name: 'known owner', files: {}, diagnostics: [] },
    {
      name: 'unknown owner with a suggestion',
      files: { 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['cor'] }) },
      diagnostics: [{ file: 'services/Baskets/index.md', line: 5, message: /Did you mean 'core'\?/ }],
    },
  ]);
  testRule('resource-without-owners', [
    { name: 'owned', files: {}, diagnostics: [] },
    { name: 'no owners', files: { 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0' }) }, diagnostics: [{ file: 'services/Baskets/index.md', line: 2 }] },
  ]);
});
