import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA_DIR } from './shared-data.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TRAM = join(SHARED_DATA_DIR, 'tram2', 'reports.jsonl');

/**
 * Every report text of the repository (test/fixtures/reports and examples, Markdown) and, when the
 * shared data is present, TRAM's whole reports: the corpus equivalence tests of tokenisers run over.
 */
export function repositoryReportTexts(): string[] {
  const out = [join(ROOT, 'test', 'fixtures', 'reports'), join(ROOT, 'examples')].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(join(d, f), 'utf8')),
  );
  if (existsSync(TRAM)) for (const line of readFileSync(TRAM, 'utf8').split('\n')) if (line.trim() !== '') out.push((JSON.parse(line) as { text: string }).text);
  return out;
}
