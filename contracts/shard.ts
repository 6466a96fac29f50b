/**
 * Splitting a verify run across CI jobs (`waybill verify --shard i/n`). The plan — every service to check
 * and every flow to run — is cut into units that must run in one process (a service's HTTP, produced
 * and consumed checks share its reachability; a flow's runs share their latency figures), and units are
 * dealt to shards deterministically: heaviest first, each to the least-loaded shard, ties by key. Every
 * job computes the same split from the same catalog and options, so no coordinator is needed.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../src/catalog/catalog.ts';
import type { Flow, Service } from '../src/catalog/model.ts';

/** One shard of `count` (1-based `index`, as written on the command line: `--shard 2/3`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A part of the plan that runs whole, in one shard. */
export interface PlanUnit {
  /** `service:<id>` or `flow:<id>`. */
  readonly key: string;
  /** Rough cost, for balancing: checks it is expected to record. */
  readonly weight: number;
}

/** The whole plan of a run, whichever shard runs: what every shard's report carries to be merged. */
export interface VerifyPlan {
  /** Digest of the catalog and of the options that change what is checked; equal across shards. */
  readonly id: string;
  /** Unit keys in plan order (the order an unsharded run checks them). */
  readonly units: readonly string[];
}

/** Parses `i/n` (1 ≤ i ≤ n); a string explaining the problem otherwise. */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `--shard takes INDEX/COUNT, e.g. 2/3, not '${text}'.`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: the index must be between 1 and the count (${count}).`;
  return { index, count };
}

/** The units of a run: each selected service, then each selected flow, in the order the runner uses. */
export function planUnits(services: readonly Service[], flows: readonly Flow[], runs: number): PlanUnit[] {
  return [
    ...services.map((s) => ({ key: `service:${s.id}`, weight: 1 + s.sends.length + s.receives.length })),
    ...flows.map((f) => ({ key: `flow:${f.id}`, weight: Math.max(1, f.steps.length) * Math.max(1, runs) })),
  ];
}

/**
 * Deals units to `count` shards: heaviest first (ties by key), each to the shard with the least weight so
 * far (ties to the lowest index). Returns the unit keys of each shard, 0-based.
 */
export function splitPlan(units: readonly PlanUnit[], count: number): string[][] {
  const shards = Array.from({ length: count }, () => ({ weight: 0, keys: [] as string[] }));
  const ordered = [...units].sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const unit of ordered) {
    let best = shards[0];
    for (const shard of shards) if (shard.weight < best.weight) best = shard;
    best.weight += unit.weight;
    best.keys.push(unit.key);
  }
  return shards.map((s) => s.keys);
}

/** The keys a shard runs, in plan order. */
export function unitsOfShard(units: readonly PlanUnit[], shard: Shard): Set<string> {
  return new Set(splitPlan(units, shard.count)[shard.index - 1]);
}

/** The plan's identity: the catalog's resources and the options that decide which checks exist. */
export function planId(catalog: Catalog, units: readonly PlanUnit[], options: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  for (const r of catalog.resources) {
    hash.update(r.key);
    hash.update(JSON.stringify(r.frontmatter));
    if ('schema' in r && r.schema) hash.update(JSON.stringify(r.schema.value));
  }
  hash.update(JSON.stringify(units.map((u) => u.key)));
  hash.update(JSON.stringify(options));
  return hash.digest('hex').slice(0, 16);
}
