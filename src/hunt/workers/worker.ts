// Worker thread: started early (its module loading overlaps the main thread's intel loading), it waits
// for the intel, builds its own matcher and YARA engines, then runs tasks.
import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledYara } from '../intel/yara.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntTask } from '../targets/task.js';
import type { WorkerInit, WorkerReply, WorkerRequest, WorkerStart } from './protocol.js';

let init: WorkerInit | null = null;
let matcher: IndicatorMatcher | null = null;
let yara: readonly CompiledYara[] = [];
let stopped = false;
let pendingBytes = 0;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: WorkerReply): void => port.postMessage(m);
// Loaded while waiting for the intel; the YARA engine only when there are rules.
const modules = Promise.all([import('../match/matcher.js'), import('../targets/task.js'), import('./pack.js')]);
// The warninglists do not depend on the intel: read them while the main thread loads it.
const benignModule = (workerData as WorkerStart | undefined)?.warmBenign
  ? modules.then(async () => {
    const b = await import('../intel/benign.js');
    b.warmBenign();
    return b;
  })
  : null;
benignModule?.catch(() => undefined);
const yaraModule = (workerData as WorkerStart | undefined)?.warmYara
  ? import('../intel/yara.js').then((y) => {
    y.warmYara();
    return y;
  })
  : null;
yaraModule?.catch(() => undefined);
/** `drop` messages that came before the matcher was built. */
const pendingDrops: number[][] = [];
/**
 * Settles when `setUp` ends: the pool hands out a first task with `init`, before `ready` (that round
 * trip waited on the main thread, busy scanning: up to ~50 ms of idle worker), and it waits here.
 */
let setUpDone: (ok: boolean) => void = () => undefined;
const readyToRun = new Promise<boolean>((resolve) => (setUpDone = resolve));

const flushBytes = (): void => {
  if (pendingBytes > 0) post({ type: 'bytes', n: pendingBytes });
  pendingBytes = 0;
};

/** Tasks arrive ahead of time (the pool keeps the next one queued here); they run one at a time, in order. */
const queue: HuntTask[] = [];
let pumping = false;
async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
    if (stopped) post({ type: 'skipped', id: t.id });
    else await run(t);
  }
  pumping = false;
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'stop') stopped = true;
  else if (msg.type === 'init') void setUp(msg.init);
  else if (msg.type === 'drop') {
    if (matcher) matcher.drop(msg.ids);
    else pendingDrops.push(msg.ids);
  } else {
    queue.push(msg.task);
    void pump();
  }
});

async function setUp(i: WorkerInit): Promise<void> {
  try {
    const [{ IndicatorMatcher }, , { unpackIndicators }] = await modules;
    init = i;
    const indicators = unpackIndicators(i.indicators);
    let benign: number[] = [];
    if (i.benign) {
      // The main thread and the other workers scan meanwhile; they drop these ids when told.
      const b = await (benignModule ?? import('../intel/benign.js'));
      benign = b.benignIds(indicators, i.benign);
      post({ type: 'benign', ids: benign });
    }
    const m = new IndicatorMatcher(indicators);
    m.drop(benign);
    for (const ids of pendingDrops.splice(0)) m.drop(ids);
    matcher = m;
    if (i.yara.length > 0) yara = (await (yaraModule ?? import('../intel/yara.js'))).compileYara(i.yara);
    setUpDone(true);
    post({ type: 'ready' });
  } catch (e) {
    setUpDone(false);
    post({ type: 'error', id: -1, message: (e as Error).message });
  }
}

async function run(task: HuntTask): Promise<void> {
  try {
    if (!(await readyToRun) || !init || !matcher) throw new Error('worker set-up failed');
    const { runTask } = (await modules)[1];
    const result = await runTask(task, matcher, {
      yara,
      yaraMaxSize: init.yaraMaxSize,
      hashLogs: init.hashLogs,
      binaryStrings: init.binaryStrings,
      ...(init.maxLine !== undefined ? { maxLine: init.maxLine } : {}),
      ...(init.maxHits !== undefined ? { maxHits: init.maxHits } : {}),
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
