import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The team's source data (`../shared/data` beside the clone, or $PILLBOX_SHARED_DATA). CI always has it;
 * a user's machine does not, and the product never needs it at run time (data/ ships what it needs).
 * Tests that rebuild the bundled knowledge or score against TRAM need it and are skipped, with this
 * reason printed, where it is absent.
 */
export const SHARED_DATA_DIR = process.env['PILLBOX_SHARED_DATA'] ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

export const HAS_SHARED_DATA = existsSync(SHARED_DATA_DIR);

if (!HAS_SHARED_DATA) {
  process.stderr.write(`note: ${SHARED_DATA_DIR} is absent: tests that rebuild knowledge from the source data or score against TRAM are skipped\n`);
}
