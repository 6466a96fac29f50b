/**
 * Checking one payload against its message's schema, and the wire facts around it (content type,
 * version), as diagnostics. Each kind of schema violation has its own code, so a missing field, a wrong
 * type and an undeclared field are told apart in every output format.
 */
import type { ErrorObject } from 'ajv';
import type { Message } from '../src/catalog/model.ts';
import type { Diagnostic } from '../src/diagnostics/diagnostic.ts';
import type { VerifyRun } from './context.ts';
import { mediaType } from './envelope.ts';
import { describeViolation, violationsOf, type CompiledSchema, type ViolationKind } from './validate.ts';

export const PAYLOAD_CODES: Record<ViolationKind, string> = {
  'missing-field': 'payload-missing-field',
  'wrong-type': 'payload-wrong-type',
  'unknown-field': 'payload-unknown-field',
  invalid: 'payload-invalid',
};

const KIND_OF_KEYWORD: Record<string, ViolationKind> = {
  required: 'missing-field',
  type: 'wrong-type',
  additionalProperties: 'unknown-field',
  unevaluatedProperties: 'unknown-field',
};
const UMBRELLA = new Set(['oneOf', 'anyOf', 'if', 'not']);

/** The payload codes of ajv errors, without building diagnostics (for counting past the listed ones). */
export function payloadCodes(errors: readonly ErrorObject[] | null | undefined): Set<string> {
  const codes = new Set<string>();
  for (const e of errors ?? []) if (!UMBRELLA.has(e.keyword)) codes.add(PAYLOAD_CODES[KIND_OF_KEYWORD[e.keyword] ?? 'invalid']);
  if (!codes.size && errors?.length) codes.add(PAYLOAD_CODES.invalid);
  return codes;
}

/** The compiled schema of a message, or a diagnostic saying it cannot be checked (reported once per message). */
export function schemaOf(run: VerifyRun, message: Message): CompiledSchema | Diagnostic | undefined {
  const compiled = run.validators.forMessage(message);
  if (compiled instanceof Error) {
    return run.diagnostic({ code: 'schema-unusable', severity: 'error', message: `${message.id} ${message.version}: ${compiled.message} Its payloads were not checked.`, file: message.schema?.file ?? message.file, at: [] });
  }
  return compiled;
}

/**
 * Validates `payload`; one diagnostic per violation, located at the failing keyword in the schema file,
 * each saying `lead` (who sent what, where) then the JSON pointer, expected vs found and the value.
 */
export function payloadDiagnostics(run: VerifyRun, message: Message, payload: unknown, lead: string): Diagnostic[] {
  const schema = schemaOf(run, message);
  if (!schema || !('validate' in schema)) return [];
  if (schema.validate(payload)) return [];
  return violationsOf(schema, payload).map((v) =>
    run.diagnostic({
      code: PAYLOAD_CODES[v.kind],
      message: `${lead}: ${describeViolation(v)}.`,
      file: v.schemaFile,
      at: v.schemaPath,
      path: v.pointer,
    }),
  );
}

/**
 * The content type a message must travel with: the envelope's (a JSON form of a protobuf envelope, say),
 * else the message's own `contentType`; undefined when the catalog says nothing.
 */
export function expectedContentType(message: Message, envelopeType: string | undefined): string | undefined {
  return envelopeType ?? message.frontmatter.contentType;
}

/** A diagnostic when the content type on the wire is not the expected one. */
export function contentTypeDiagnostic(run: VerifyRun, message: Message, actual: string | undefined, expected: string | undefined, lead: string, where: { file: string; at: readonly (string | number)[] }): Diagnostic | undefined {
  if (!expected) return undefined;
  if (mediaType(actual) === mediaType(expected)) return undefined;
  return run.diagnostic({
    code: 'message-content-type',
    message: `${lead} with content type ${actual ? `'${actual}'` : '(none)'}; the catalog says '${expected}'.`,
    hint: 'Set the content type header (or AMQP/MQTT content-type property) the catalog declares.',
    file: where.file,
    at: where.at,
  });
}
