import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { UserError } from '../../diagnostics/user-error.ts';

/**
 * The starter catalog `waybill init` writes: a config file, a team, one domain holding one service that
 * publishes one event with a JSON Schema, and a README on what to do next. It lints clean and builds.
 */
const STARTER: Record<string, string> = {
  'waybill.config.yaml': `# The catalog's settings: "Lint rules and configuration" in Waybill's README.md (node_modules/waybill/README.md)
title: My event catalog
tagline: The events our services exchange, and who owns them.
compatibility: BACKWARD   # a new schema version must read data written with the previous one
lint:
  rules:
    # The example event has no consumer yet; remove this line once your catalog has the services that read it.
    message-without-consumer: off
`,
  'teams/platform.md': `---
id: platform
name: Platform team
summary: Owns the Shop domain and its services.
members: []
---

Who we are and how to reach us.
`,
  'domains/Shop/index.md': `---
id: Shop
name: Shop
version: 0.0.1
summary: Everything about selling things — orders, baskets, payments.
owners:
  - platform
---

## Overview

What this domain covers and the language it speaks.
`,
  'domains/Shop/services/Orders/index.md': `---
id: Orders
name: Orders
version: 0.0.1
summary: Takes orders and tells the rest of the shop about them.
owners:
  - platform
sends:
  - id: OrderPlaced
    version: latest
---

## Overview

What the service does, which events it publishes and which it reacts to.
`,
  'domains/Shop/services/Orders/events/OrderPlaced/index.md': `---
id: OrderPlaced
name: Order placed
version: 0.0.1
summary: A customer placed an order.
owners:
  - platform
schemaPath: schema.json
---

## Overview

Published by Orders once an order is accepted. Consumers use it to reserve stock and take payment.
`,
  'domains/Shop/services/Orders/events/OrderPlaced/schema.json': `${JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'OrderPlaced',
      type: 'object',
      properties: {
        orderId: { type: 'string', minLength: 1, description: 'Identifier of the order.' },
        total: { type: 'number', minimum: 0, description: 'Amount to pay, in the shop currency.' },
      },
      required: ['orderId', 'total'],
      additionalProperties: false,
      examples: [{ orderId: 'order-1', total: 42.5 }],
    },
    null,
    2,
  )}\n`,
  'README.md': `# Event catalog

This folder is a Waybill catalog: markdown files with YAML frontmatter, one folder per domain, service
and message, and a schema file beside each message. The format is described in Waybill's
\`docs/format.md\`, the commands in its \`README.md\` (both in \`node_modules/waybill/\`).

## What to do next

- \`npx waybill dev --catalog .\` — browse the catalog at http://localhost:4321 while you edit it.
- \`npx waybill lint --catalog .\` — check references, owners, schemas and naming.
- \`npx waybill new event PaymentTaken --catalog . --in domains/Shop/services/Orders --owner platform\`
  — add a message (also: domain, service, command, query, channel, flow, entity, team, user).
- \`npx waybill build --catalog . --out ./dist\` — the static site, to host anywhere.
- \`npx waybill can-i-deploy\` and \`npx waybill verify\` — check schema changes and running services
  against the catalog before you ship (see Waybill's \`README.md\`).

Replace the example Shop domain, Orders service and OrderPlaced event with your own, and set the
owners to your teams (\`teams/\`) or people (\`users/\`).
`,
};

export default defineCommand({
  meta: { name: 'init', description: 'Create a minimal catalog: config, a domain, a service, an event with a schema, and a README.' },
  args: {
    dir: { type: 'positional', description: 'Folder to create the catalog in (default ./catalog)', required: false },
  },
  async run({ args }) {
    const root = path.resolve(args.dir ?? 'catalog');
    if (existsSync(root) && readdirSync(root).length > 0) {
      throw new UserError('not-empty', `${path.relative(process.cwd(), root) || '.'} already exists and is not empty.`, {
        hint: 'Give `waybill init` a new or empty folder.',
      });
    }
    for (const [file, text] of Object.entries(STARTER)) {
      const target = path.join(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    const shown = path.relative(process.cwd(), root) || '.';
    process.stdout.write(`Created a catalog in ${shown} (${Object.keys(STARTER).length} files).\n`);
    process.stdout.write(`Next: npx waybill dev --catalog ${shown}   (see ${path.join(shown, 'README.md')})\n`);
  },
});
