// npm run eval:knowledge — entity recognition scores over the team's labelled reports (all, and the
// held-out third). Exits 1 when a kind misses its F1 target on either set. --verbose lists misses.
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { LABEL_KINDS, TARGETS, evaluateEntities, type LabelKey, type Score } from './eval/entities.js';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'reports');
const res = evaluateEntities(dir, loadKnowledge());
const pct = (x: number): string => x.toFixed(3);
const row = (k: LabelKey, s: Score): string =>
  `  ${k.padEnd(11)} P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})${s.f1 < TARGETS[k] ? `  below target ${TARGETS[k]}` : ''}`;
let failed = false;
for (const [title, scores] of [[`all ${res.reports} reports`, res.all], [`held-out ${res.heldOutReports} reports`, res.heldOut], [`Italian ${res.italianReports} reports (info)`, res.italian]] as const) {
  process.stdout.write(`entities — ${title}\n`);
  for (const k of Object.keys(LABEL_KINDS) as LabelKey[]) {
    process.stdout.write(`${row(k, scores[k])}\n`);
    if (scores[k].f1 < TARGETS[k] && scores !== res.italian) failed = true;
  }
}
if (process.argv.includes('--verbose')) for (const d of res.diffs) process.stdout.write(`  ${d.report} ${d.kind}: missed [${d.missed.join(', ')}] spurious [${d.spurious.join(', ')}]\n`);
process.exitCode = failed ? 1 : 0;
