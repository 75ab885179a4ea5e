/** Batch worker: builds its rule sets once, then triages one file per task message. */
import { parentPort, workerData } from 'node:worker_threads';
import { RuleError } from '../../errors.js';
import { loadCapabilityRules, type CapabilityRuleSet } from '../../rules/index.js';
import type { TriageOptions } from '../pipeline/options.js';
import { triageFile, triageRead } from '../pipeline/file.js';
import { mailFacts } from '../formats/document/eml.js';
import { compileYara, type YaraScanner } from '../yara/index.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerReply): void => port.postMessage(m);

/** Builds the options every task of this worker shares; RuleError goes back as `init-error`. */
export function buildOptions(i: WorkerInit): TriageOptions {
  const yara: YaraScanner | null = i.yara.enabled || i.yara.user.length > 0 ? compileYara({ bundled: i.yara.enabled, user: i.yara.user }) : null;
  const capabilities: CapabilityRuleSet | null = i.capabilities === null ? null : loadCapabilityRules(...(i.capabilities === undefined ? [] : [i.capabilities]));
  const o: TriageOptions = { ...(stripUndefined(i.limits) as TriageOptions), yara, capabilities };
  if (i.now !== undefined) o.now = i.now;
  return o;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

let opts: TriageOptions;
try {
  opts = buildOptions(init);
  post({ type: 'ready' });
} catch (e) {
  const r = e instanceof RuleError ? { file: e.file, ...(e.line === undefined ? {} : { line: e.line }) } : {};
  post({ type: 'init-error', message: e instanceof Error ? e.message : String(e), ...r });
}

/** Tasks received and not yet started: the pool queues the next file while this one runs. */
const queue: WorkerRequest[] = [];
let running = false;

/** Runs the queued tasks one after another (never two files at once: bounded memory, fair timing). */
async function drain(): Promise<void> {
  running = true;
  for (let m = queue.shift(); m !== undefined; m = queue.shift()) {
    post({ type: 'started', id: m.id });
    try {
      // A whole stream that is an e-mail message is parsed first, as triageFile does for a file.
      const mail = m.read?.whole && m.read.hashes !== null ? await mailFacts(m.read.bytes).catch(() => null) : null;
      post({ type: 'done', id: m.id, result: m.read ? triageRead(m.read, { ...opts, path: m.path, ...(mail ? { mail } : {}) }) : await triageFile(m.path, opts) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      post({ type: 'failed', id: m.id, code: err.code ?? 'EINTERNAL', message: err.message });
    }
  }
  running = false;
}

port.on('message', (m: WorkerRequest) => {
  if (m.type !== 'task') return;
  queue.push(m);
  if (!running) void drain();
});
