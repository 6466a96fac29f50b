/**
 * What `waybill diff` and `waybill can-i-deploy` share: the arguments that say what to compare with (a
 * git ref, or a folder), and loading both catalogs.
 */
import type { ArgsDef } from 'citty';
import { loadCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { catalogAtRef } from './git-ref.ts';
import { catalogDir, progress } from './shared.ts';

export const compareArgs = {
  against: {
    type: 'string',
    description: 'Git ref to compare the catalog with (read from git objects, no checkout)',
    default: 'HEAD',
    valueHint: 'REF',
  },
  'against-dir': {
    type: 'string',
    description: 'Compare with this catalog folder instead of a git ref',
    valueHint: 'DIR',
  },
} as const satisfies ArgsDef;

/** Both catalogs, and how to name the earlier one. */
export interface CatalogPair {
  before: Catalog;
  after: Catalog;
  /** e.g. `HEAD (3f2c1ab)` or the folder. */
  against: string;
}

/** Loads the catalog now and the one it is compared with; the temporary checkout is removed after loading. */
export async function loadPair(args: { catalog?: string; against?: string; 'against-dir'?: string }): Promise<CatalogPair> {
  const dir = catalogDir(args.catalog);
  const status = progress('Loading the catalogs');
  try {
    if (args['against-dir']) {
      const [before, after] = await Promise.all([loadCatalog(args['against-dir']), loadCatalog(dir)]);
      return { before, after, against: args['against-dir'] };
    }
    const snapshot = await catalogAtRef(dir, args.against ?? 'HEAD');
    try {
      const [before, after] = await Promise.all([loadCatalog(snapshot.dir, { includesFrom: dir }), loadCatalog(dir)]);
      return { before, after, against: snapshot.label };
    } finally {
      await snapshot.dispose();
    }
  } finally {
    status.done();
  }
}
