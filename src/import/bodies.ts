/**
 * The Markdown bodies of resources an import creates. Written once: afterwards a body is the catalog
 * author's, and re-imports never touch it.
 */
import type { ImportedChannel, ImportedMessage, ImportedService } from './model.ts';

function specLabel(service: ImportedService): string {
  return `${service.spec.type === 'asyncapi' ? 'AsyncAPI' : service.spec.specVersion.startsWith('2') ? 'Swagger' : 'OpenAPI'} ${service.spec.specVersion}`;
}

/** Body of a new service: the document's description and where it came from. */
export function serviceBody(service: ImportedService, specPath: string): string {
  const lines = ['', '## Overview', ''];
  if (service.description) lines.push(service.description.trim(), '');
  lines.push(`Imported from the ${specLabel(service)} document [${service.spec.title}](${specPath}), which is attached to this service.`, '');
  return lines.join('\n');
}

/** Body of a new message: its description, its HTTP operation and responses, where it came from. */
export function messageBody(message: ImportedMessage, service: ImportedService): string {
  const lines = ['', '## Overview', ''];
  if (message.description) lines.push(message.description.trim(), '');
  else if (message.summary) lines.push(message.summary, '');
  if (message.operation) {
    lines.push(`\`${message.operation.method} ${message.operation.path}\``, '');
    const responses = message.responses ?? [];
    if (responses.length) {
      lines.push('| status | description | schema |', '| --- | --- | --- |');
      for (const r of responses) {
        const schema = r.schema ? `[response-${r.status}.json](response-${r.status}.json)` : '—';
        lines.push(`| ${r.status} | ${(r.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} | ${schema} |`);
      }
      lines.push('');
    }
  }
  const name = message.sourceName === message.id ? '' : ` (named \`${message.sourceName}\` there)`;
  lines.push(`Imported from the ${specLabel(service)} document of ${service.name}${name}.`, '');
  return lines.join('\n');
}

/** Body of a new channel. */
export function channelBody(channel: ImportedChannel, service: ImportedService): string {
  const lines = ['', '## Overview', ''];
  if (channel.summary) lines.push(channel.summary, '');
  lines.push(`Address \`${channel.address}\`${channel.protocols.length ? ` (${channel.protocols.join(', ')})` : ''}. Imported from the ${specLabel(service)} document of ${service.name}.`, '');
  return lines.join('\n');
}

/** Body of a domain created for `--domain`. */
export function domainBody(id: string): string {
  return `\n## Overview\n\nThe ${id} domain. Describe what it is responsible for here.\n`;
}

/** A changelog entry for a new version. */
export function changelogEntry(version: string, service: ImportedService, reasons: string[]): string {
  const lines = [`## ${version}`, '', `Imported from the ${specLabel(service)} document of ${service.name}.`, ''];
  for (const reason of reasons) lines.push(`- ${reason}`);
  return `${lines.join('\n')}\n`;
}
