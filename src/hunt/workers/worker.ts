// Worker thread: started early (its module loading overlaps the main thread's intel loading), it waits
// for the intel, builds its own matcher and YARA engines, then runs tasks.
import { parentPort } from 'node:worker_threads';
import type { CompiledYara } from '../intel/yara.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntTask } from '../targets/task.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

let init: WorkerInit | null = null;
let matcher: IndicatorMatcher | null = null;
let yara: readonly CompiledYara[] = [];
let stopped = false;
let pendingBytes = 0;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: WorkerReply): void => port.postMessage(m);
// Loaded while waiting for the intel; the YARA engine only when there are rules.
const modules = Promise.all([import('../match/matcher.js'), import('../targets/task.js')]);

const flushBytes = (): void => {
  if (pendingBytes > 0) post({ type: 'bytes', n: pendingBytes });
  pendingBytes = 0;
};

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'stop') stopped = true;
  else if (msg.type === 'init') void setUp(msg.init);
  else void run(msg.task);
});

async function setUp(i: WorkerInit): Promise<void> {
  try {
    const [{ IndicatorMatcher }] = await modules;
    init = i;
    matcher = new IndicatorMatcher(i.indicators);
    if (i.yara.length > 0) yara = (await import('../intel/yara.js')).compileYara(i.yara);
    post({ type: 'ready' });
  } catch (e) {
    post({ type: 'error', id: -1, message: (e as Error).message });
  }
}

async function run(task: HuntTask): Promise<void> {
  try {
    if (!init || !matcher) throw new Error('task before init');
    const { runTask } = (await modules)[1];
    const result = await runTask(task, matcher, {
      yara,
      yaraMaxSize: init.yaraMaxSize,
      hashLogs: init.hashLogs,
      ...(init.maxLine !== undefined ? { maxLine: init.maxLine } : {}),
      stopped: () => stopped,
      onBytes: (n) => {
        pendingBytes += n;
        if (pendingBytes >= 1 << 22) flushBytes();
      },
    });
    flushBytes();
    post({ type: 'done', id: task.id, result });
  } catch (e) {
    post({ type: 'error', id: task.id, message: (e as Error).message });
  }
}
