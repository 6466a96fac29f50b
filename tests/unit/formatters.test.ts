import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { FORMAT_NAMES, formatDiagnostics, type FormatName, type FormatOptions } from '../../src/diagnostics/formatters/index.ts';
import { escapeData, escapeProperty } from '../../src/diagnostics/formatters/github.ts';

const options: FormatOptions = { tool: 'waybill lint', toolVersion: '0.1.0', color: false };

const DIAGS: Diagnostic[] = [
  {
    code: 'unknown-reference',
    severity: 'error',
    message: "Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.",
    file: 'services/Baskets/index.md',
    line: 7,
    column: 5,
    hint: "Did you mean 'StoreCreated'?",
  },
  { code: 'message-without-consumer', severity: 'warning', message: 'No service receives OrderPlaced.', file: 'events/OrderPlaced/index.md' },
  { code: 'schema-empty-string', severity: 'info', message: 'Field "name" allows empty strings.', file: 'services/Baskets/index.md', line: 12, column: 1 },
  { code: 'config-invalid', severity: 'warning', message: 'lint.rules: unknown rule foo' },
];

const SECRET: Diagnostic = {
  code: 'broker-unreachable',
  severity: 'error',
  message: 'Cannot connect to nats://app:hunter2@localhost:4222 with token=tok123',
  file: 'contracts/nats.yaml',
  hint: 'Check the header Authorization: Bearer sekrit-jwt',
};

const format = (format: FormatName, diags: Diagnostic[] = DIAGS, extra: Partial<FormatOptions> = {}) =>
  formatDiagnostics(diags, format, { ...options, ...extra });

/** Parses XML strictly (sax, as svgo uses it) and returns the element tree. */
interface XmlNode { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string }
function parseXml(xml: string): XmlNode {
  const sax = createRequire(import.meta.url)('sax');
  const parser = sax.parser(true);
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.onerror = (e: Error) => {
    throw e;
  };
  parser.onopentag = (tag: { name: string; attributes: Record<string, string> }) => {
    const node = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => stack.pop();
  parser.ontext = (t: string) => (stack.at(-1)!.text += t);
  parser.write(xml).close();
  return root.children[0];
}
const all = (node: XmlNode, name: string): XmlNode[] =>
  node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);

describe('formatDiagnostics', () => {
  it('knows the five formats', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'junit', 'github', 'sarif']);
  });

  it.each(FORMAT_NAMES)('%s never prints a secret', (name) => {
    const text = format(name, [SECRET]);
    for (const secret of ['hunter2', 'tok123', 'sekrit-jwt']) expect(text).not.toContain(secret);
    expect(text).toContain('nats://app:***@localhost:4222');
  });

  it.each(FORMAT_NAMES)('%s does not depend on the input order', (name) => {
    expect(format(name, [...DIAGS].reverse())).toBe(format(name));
  });
});

describe('stylish', () => {
  it('groups by file, aligns rows, indents hints and sums up', () => {
    expect(format('stylish')).toMatchInlineSnapshot(`
      "
      (catalog)
          warning  lint.rules: unknown rule foo  config-invalid

      events/OrderPlaced/index.md
          warning  No service receives OrderPlaced.  message-without-consumer

      services/Baskets/index.md
        7:5   error  Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.  unknown-reference
                     hint: Did you mean 'StoreCreated'?
        12:1  info   Field "name" allows empty strings.                                       schema-empty-string

      ✖ 4 problems (1 error, 2 warnings, 1 info)
      "
    `);
  });

  it('prints a short clean line when there is nothing to say', () => {
    expect(format('stylish', [])).toBe('✔ waybill lint: no problems\n');
  });

  it('colours only when asked', () => {
    expect(format('stylish')).not.toMatch(/\u001b\[/);
    expect(format('stylish', DIAGS, { color: true })).toMatch(/\u001b\[31merror/);
  });

  it('does not let a message drive the terminal', () => {
    const text = format('stylish', [{ code: 'x', severity: 'error', message: 'evil \u001b[2J\u0007 text', file: 'a.md' }]);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil \\u001b[2J\\u0007 text');
  });
});

describe('json', () => {
  it('has a stable shape with a summary', () => {
    const report = JSON.parse(format('json'));
    expect(Object.keys(report)).toEqual(['version', 'tool', 'summary', 'diagnostics']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'waybill lint', version: '0.1.0' });
    expect(report.summary).toEqual({ errors: 1, warnings: 2, infos: 1 });
    expect(report.diagnostics.map((d: Diagnostic) => d.code)).toEqual([
      'config-invalid',
      'message-without-consumer',
      'unknown-reference',
      'schema-empty-string',
    ]);
    expect(report.diagnostics[2]).toEqual({
      code: 'unknown-reference',
      severity: 'error',
      message: "Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.",
      file: 'services/Baskets/index.md',
      line: 7,
      column: 5,
      hint: "Did you mean 'StoreCreated'?",
    });
  });

  it('reports an empty run', () => {
    expect(JSON.parse(format('json', []))).toMatchObject({ summary: { errors: 0, warnings: 0, infos: 0 }, diagnostics: [] });
  });
});

describe('junit', () => {
  it('is well-formed XML with one testcase per file', () => {
    const doc = parseXml(format('junit'));
    expect(doc.name).toBe('testsuites');
    const [suite] = all(doc, 'testsuite');
    expect(suite.attributes).toMatchObject({ name: 'waybill lint', tests: '3', failures: '3' });
    const cases = all(suite, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['(catalog)', 'events/OrderPlaced/index.md', 'services/Baskets/index.md']);
    const baskets = cases[2];
    const [failure] = all(baskets, 'failure');
    expect(failure.attributes.type).toBe('unknown-reference');
    expect(failure.text).toContain('services/Baskets/index.md:7:5 error unknown-reference:');
    expect(failure.text).toContain("Did you mean 'StoreCreated'?");
    // infos do not fail a testcase; they are listed in its output
    expect(all(baskets, 'system-out')[0].text).toContain('12:1 info schema-empty-string');
  });

  it('escapes markup and control characters', () => {
    const message = 'Bad <tag> & "quotes" \'apos\' \u0007bell\nnext line';
    const xml = format('junit', [{ code: 'c<&>', severity: 'error', message, file: 'a&b.md', line: 1 }]);
    expect(xml).not.toContain('\u0007');
    const doc = parseXml(xml);
    const [testcase] = all(doc, 'testcase');
    expect(testcase.attributes.name).toBe('a&b.md');
    const [failure] = all(doc, 'failure');
    expect(failure.attributes.type).toBe('c<&>');
    expect(failure.attributes.message).toBe('Bad <tag> & "quotes" \'apos\' \\u0007bell\nnext line');
    expect(failure.text).toContain('Bad <tag> & "quotes" \'apos\' \\u0007bell\nnext line');
  });

  it('turns checks into passing and failing testcases', () => {
    const doc = parseXml(
      format('junit', [DIAGS[1]], {
        suiteName: 'waybill verify',
        checks: [
          { name: 'OrderPlaced has a consumer', file: 'events/OrderPlaced/index.md', passed: false },
          { name: 'Baskets answers GET /baskets', passed: true },
          { name: 'Ordering is reachable', passed: false },
        ],
      }),
    );
    const [suite] = all(doc, 'testsuite');
    expect(suite.attributes).toMatchObject({ name: 'waybill verify', tests: '3', failures: '2' });
    const cases = all(suite, 'testcase');
    expect(cases.map((c) => [c.attributes.name, all(c, 'failure').length])).toEqual([
      ['OrderPlaced has a consumer', 1],
      ['Baskets answers GET /baskets', 0],
      ['Ordering is reachable', 1],
    ]);
    expect(all(cases[0], 'failure')[0].attributes.type).toBe('message-without-consumer');
    expect(all(cases[2], 'failure')[0].attributes.type).toBe('check-failed');
  });
});

describe('github', () => {
  it('writes workflow commands, with infos as notices', () => {
    expect(format('github')).toBe(
      [
        '::warning title=config-invalid::lint.rules: unknown rule foo',
        '::warning file=events/OrderPlaced/index.md,title=message-without-consumer::No service receives OrderPlaced.',
        "::error file=services/Baskets/index.md,line=7,col=5,title=unknown-reference::Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.%0ADid you mean 'StoreCreated'?",
        '::notice file=services/Baskets/index.md,line=12,col=1,title=schema-empty-string::Field "name" allows empty strings.',
        '',
      ].join('\n'),
    );
    expect(format('github', [])).toBe('');
  });

  it("escapes data and properties as GitHub's toolkit does", () => {
    expect(escapeData('100%\r\nnext: a,b')).toBe('100%25%0D%0Anext: a,b');
    expect(escapeProperty('dir:a,b%\n')).toBe('dir%3Aa%2Cb%25%0A');
    const line = format('github', [{ code: 'a:b,c', severity: 'error', message: 'x\ny 50%', file: 'dir,1/f:2.md', line: 3 }]);
    expect(line).toBe('::error file=dir%2C1/f%3A2.md,line=3,title=a%3Ab%2Cc::x%0Ay 50%25\n');
  });

  it('prints paths relative to the working directory when the catalog root is known', () => {
    const line = format('github', [DIAGS[1]], { cwd: '/repo', root: '/repo/catalog' });
    expect(line).toContain('file=catalog/events/OrderPlaced/index.md,');
  });
});

describe('sarif', () => {
  const rules = [
    { id: 'unknown-reference', description: 'References point at resources in the catalog.' },
    { id: 'message-without-consumer', description: 'Every message has a consumer.' },
  ];

  it('is a SARIF 2.1.0 log with rules, levels and locations', () => {
    const log = JSON.parse(format('sarif', DIAGS, { rules, cwd: '/work/repo' }));
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver).toMatchObject({ name: 'waybill lint', version: '0.1.0' });
    expect(run.tool.driver).not.toHaveProperty('informationUri'); // no link to a page that does not exist
    // declared rules first, with descriptions; codes seen but not declared are added
    expect(run.tool.driver.rules).toEqual([
      { id: 'unknown-reference', shortDescription: { text: rules[0].description } },
      { id: 'message-without-consumer', shortDescription: { text: rules[1].description } },
      { id: 'config-invalid' },
      { id: 'schema-empty-string' },
    ]);
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['config-invalid', 'warning'],
      ['message-without-consumer', 'warning'],
      ['unknown-reference', 'error'],
      ['schema-empty-string', 'note'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results[0].locations).toBeUndefined();
    expect(run.results[1].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'events/OrderPlaced/index.md' } } }]);
    expect(run.results[2]).toMatchObject({
      message: { text: "Service 'Baskets' refers to 'StoreCreatd', which is not in the catalog.\nDid you mean 'StoreCreated'?" },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'services/Baskets/index.md' }, region: { startLine: 7, startColumn: 5 } } },
      ],
    });
    expect(run.invocations).toEqual([{ executionSuccessful: true, workingDirectory: { uri: 'file:///work/repo/' } }]);
  });

  it('percent-encodes file paths as URI references', () => {
    const log = JSON.parse(format('sarif', [{ code: 'x', severity: 'info', message: 'm', file: 'domains/My Domain/index#1.md' }]));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('domains/My%20Domain/index%231.md');
  });

  it('is a valid log with no results', () => {
    const log = JSON.parse(format('sarif', []));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });
});
