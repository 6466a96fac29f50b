/** Every lint rule, in the order `waybill lint --rules` lists them. */
import type { Rule } from '../rule.ts';
import { loaderRules } from './loader-problems.ts';
import { unknownReference } from './unknown-reference.ts';
import { versionNotFound } from './version-not-found.ts';
import { consumerPinnedVersion } from './consumer-pinned-version.ts';
import { ownerUnknown } from './owner-unknown.ts';
import { resourceWithoutOwners } from './resource-without-owners.ts';
import { messageWithoutSchema } from './message-without-schema.ts';
import { oneProducerPerChannel } from './one-producer-per-channel.ts';
import { eventNamePastTense } from './event-name-past-tense.ts';
import { commandNameImperative } from './command-name-imperative.ts';
import { channelAddressNaming } from './channel-address-naming.ts';
import { schemaEmptyString } from './schema-empty-string.ts';
import { schemaAdditionalPropertiesUnspecified } from './schema-additional-properties-unspecified.ts';
import { messageWithoutProducer } from './message-without-producer.ts';
import { messageWithoutConsumer } from './message-without-consumer.ts';
import { brokenLink } from './broken-link.ts';
import { unknownResourceRef } from './unknown-resource-ref.ts';
import { asyncapiDuplicateMessageName } from './asyncapi-duplicate-message-name.ts';
import { flowStepUnknown } from './flow-step-unknown.ts';
import { schemaCompatibility } from './schema-compatibility.ts';
import { consumerFields } from './consumer-fields.ts';

export const RULES: readonly Rule[] = [
  ...loaderRules,
  unknownReference,
  versionNotFound,
  consumerPinnedVersion,
  ownerUnknown,
  resourceWithoutOwners,
  messageWithoutSchema,
  oneProducerPerChannel,
  eventNamePastTense,
  commandNameImperative,
  channelAddressNaming,
  schemaEmptyString,
  schemaAdditionalPropertiesUnspecified,
  messageWithoutProducer,
  messageWithoutConsumer,
  brokenLink,
  unknownResourceRef,
  asyncapiDuplicateMessageName,
  flowStepUnknown,
  schemaCompatibility,
  consumerFields,
];
