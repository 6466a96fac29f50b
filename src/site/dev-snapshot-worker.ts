/**
 * The worker thread of `lookUpSnapshot` (dev-snapshot.ts): stamps the catalog's files and checks its dev snapshot
 * while the dev server's thread starts Astro; the snapshot's bytes are handed over, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stampCatalog, verifiedParts, type WorkerAnswer } from './dev-snapshot.ts';

const { root } = workerData as { root: string };
const stamps = await stampCatalog(root);
const found = stamps && verifiedParts(root, stamps);
// A copy of its own, so the whole buffer moves (the file's bytes around it stay here).
const parts = found && new Uint8Array(found);
const answer: WorkerAnswer = { ...(stamps ? { stamps: [...stamps] } : {}), ...(parts ? { parts } : {}) };
parentPort!.postMessage(answer, parts ? [parts.buffer] : []);
