/** Messages between the batch pool and its workers (structured-clone safe). */
import type { TriageResult } from '../../model/triage-result.js';

/** What a worker needs to build its own rule sets (compiled rules cannot cross threads). */
export interface WorkerInit {
  limits: { maxSize?: number | undefined; maxHashSize?: number | undefined; maxDepth?: number | undefined; maxEntries?: number | undefined; maxDecompressed?: number | undefined; maxIocs?: number | undefined };
  yara: { enabled: boolean; user: string[] };
  /** Capability rules path (bundled when undefined), or null for none. */
  capabilities: string | null | undefined;
  now?: number;
}

export type WorkerRequest = { type: 'task'; id: number; path: string };
export type WorkerReply =
  | { type: 'ready' }
  /** The worker began this task (the time limit runs from here; the next task may already be queued). */
  | { type: 'started'; id: number }
  | { type: 'init-error'; message: string; file?: string; line?: number }
  | { type: 'done'; id: number; result: TriageResult }
  | { type: 'failed'; id: number; code: string; message: string };
