/** Messages between the batch pool and its workers (structured-clone safe). */
import type { TriageResult } from '../../model/triage-result.js';
import type { StreamRead } from '../pipeline/file.js';

/** What a worker needs to build its own rule sets (compiled rules cannot cross threads). */
export interface WorkerInit {
  limits: { maxSize?: number | undefined; maxHashSize?: number | undefined; maxDepth?: number | undefined; maxEntries?: number | undefined; maxDecompressed?: number | undefined; maxIocs?: number | undefined };
  yara: { enabled: boolean; user: string[] };
  /** Capability rules path (bundled when undefined), or null for none. */
  capabilities: string | null | undefined;
  now?: number;
}

/** `read`: standard input, read by the main thread (a worker has no stdin of its own). */
export type WorkerRequest = { type: 'task'; id: number; path: string; read?: StreamRead };
export type WorkerReply =
  | { type: 'ready' }
  /** The worker began this task (the time limit runs from here; the next task may already be queued). */
  | { type: 'started'; id: number }
  | { type: 'init-error'; message: string; file?: string; line?: number }
  | { type: 'done'; id: number; result: TriageResult }
  | { type: 'failed'; id: number; code: string; message: string };
