import { describe, expect, it } from 'vitest';
import { redactSecrets, secretsOfAuthorization, secretsOfUrl } from '../../src/diagnostics/redact.ts';

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
    // Query parameters that carry signatures and keys.
    ['GET https://s3.example.com/b/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=deadbeef&x=1', 'GET https://s3.example.com/b/o?X-Amz-Credential=***&X-Amz-Signature=***&x=1'],
    ['see https://h/cb?code=abc123&state=s', 'see https://h/cb?code=***&state=s'],
    ['(https://blob.example.net/c?sv=2024&sig=Zm9v%3D)', '(https://blob.example.net/c?sv=2024&sig=***)'],
    ['https://maps.example.com/api?key=AIzaXYZ#top', 'https://maps.example.com/api?key=***#top'],
    // JSON fields with secret names, as a service may echo them.
    ['{"password":"hunter2","user":"a"}', '{"password":"***","user":"a"}'],
    ['{"api_key": "k\\"q", "n": 1}', '{"api_key": "***", "n": 1}'],
    ['{"body":"{\\"password\\":\\"hunter2\\"}"}', '{"body":"{\\"password\\":\\"***\\"}"}'],
    // The character after a masked value is kept; `token=` at the end of a line does not take the next one.
    ['(token=abc) and [password=x]', '(token=***) and [password=***]'],
    ['token=\nnext line', 'token=\nnext line'],
    ['Authorization:\nBearer', 'Authorization:\nBearer'],
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

describe('secret values Waybill sends', () => {
  it('a URL gives its password, user:password and the Basic credential made from them', () => {
    const forms = secretsOfUrl('http://alice:S3cret%20Pw@127.0.0.1:8080');
    expect(forms).toEqual(expect.arrayContaining(['S3cret Pw', 'S3cret%20Pw', 'alice:S3cret Pw', Buffer.from('alice:S3cret Pw').toString('base64')]));
  });

  it('a token in the user part of a broker URL is a secret', () => {
    expect(secretsOfUrl('nats://s3cr3t-token@127.0.0.1:4222')).toContain('s3cr3t-token');
    expect(secretsOfUrl('http://127.0.0.1:8080')).toEqual([]);
  });

  it('an Authorization value gives the credential, and for Basic the decoded pair and password', () => {
    const basic = `Basic ${Buffer.from('bob:pa55word').toString('base64')}`;
    expect(secretsOfAuthorization(basic)).toEqual(expect.arrayContaining([basic, Buffer.from('bob:pa55word').toString('base64'), 'bob:pa55word', 'pa55word']));
    expect(secretsOfAuthorization('Bearer tok-123')).toEqual(expect.arrayContaining(['Bearer tok-123', 'tok-123']));
  });
});
