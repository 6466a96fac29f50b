import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/diagnostics/redact.ts';

describe('redactSecrets', () => {
  it.each([
    ['nats://user:pass@localhost:4222', 'nats://user:***@localhost:4222'],
    ['connect amqp://guest:gu%40est@rabbit:5672/vhost failed', 'connect amqp://guest:***@rabbit:5672/vhost failed'],
    ['mqtt://:secret@broker', 'mqtt://:***@broker'],
    ['Authorization: Bearer eyJhbGciOi.abc.def', 'Authorization: Bearer ***'],
    ['(authorization: Bearer abc123)', '(authorization: Bearer ***)'],
    ['{"Authorization":"Basic dXNlcjpwYXNz"}', '{"Authorization":"Basic ***"}'],
    ['GET /orders?limit=5&token=abc123&page=2', 'GET /orders?limit=5&token=***&page=2'],
    ['https://api.example.com/x?access_token=zz', 'https://api.example.com/x?access_token=***'],
    ['NATS_TOKEN=s3cret PASSWORD="hunter 2"', 'NATS_TOKEN=*** PASSWORD="***"'],
    ["apikey=xyz api_key='q' X-API-KEY=k", "apikey=*** api_key='***' X-API-KEY=***"],
    ['client_secret=abc', 'client_secret=***'],
  ])('masks %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    'mqtt://localhost:1883 and http://host:8080/path',
    'a Bearer token is expected; the field password is missing',
    "Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.",
    'git@github.com:acme/events.git',
  ])('leaves %s alone', (input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it('is idempotent', () => {
    const once = redactSecrets('nats://a:b@h token=x Authorization: Bearer y');
    expect(redactSecrets(once)).toBe(once);
  });
});
