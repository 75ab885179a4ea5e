// Worker thread: builds its own matcher and YARA engines from the intel it is given, then runs tasks.
import { parentPort, workerData } from 'node:worker_threads';
import { compileYara } from '../intel/yara.js';
import { IndicatorMatcher } from '../match/matcher.js';
import { runTask, type HuntTask } from '../targets/task.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

const init = workerData as WorkerInit;
const matcher = new IndicatorMatcher(init.indicators);
const yara = compileYara(init.yara);
let stopped = false;
let pendingBytes = 0;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: WorkerReply): void => port.postMessage(m);

const flushBytes = (): void => {
  if (pendingBytes > 0) post({ type: 'bytes', n: pendingBytes });
  pendingBytes = 0;
};

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'stop') {
    stopped = true;
    return;
  }
  void run(msg.task);
});

async function run(task: HuntTask): Promise<void> {
  try {
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
post({ type: 'ready' });
