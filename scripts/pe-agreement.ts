// Compare parsePe with python3-pefile on every wine PE file (the test checks a sample).
// Usage: npx tsx scripts/pe-agreement.ts [--limit N]
import { compareFacts, ourFacts, pefileAvailable, pefileFacts, sample, winePeFiles } from '../test/fixtures/pe/agreement.js';

const limitArg = process.argv.indexOf('--limit');
const files = winePeFiles();
const chosen = limitArg > 0 ? sample(files, Number(process.argv[limitArg + 1])) : files;
if (!pefileAvailable() || chosen.length === 0) {
  console.error('python3-pefile or the wine PE files are missing');
  process.exit(2);
}
const refs = pefileFacts(chosen);
const byField = new Map<string, number>();
let agree = 0;
for (const ref of refs) {
  const diff = compareFacts(ref, ourFacts(ref.path));
  if (diff.length === 0) agree++;
  for (const f of diff) byField.set(f, (byField.get(f) ?? 0) + 1);
  if (diff.length) console.log(`${ref.path}: ${diff.join(', ')}`);
}
console.log(`${agree}/${refs.length} files agree on every field`);
for (const [f, n] of byField) console.log(`  ${f}: ${n} disagreements`);
process.exit(agree === refs.length ? 0 : 1);
