// Placeholder so the CLI builds while this verb is written; replaced by the verb's real module.
import { PillboxError } from '../../errors.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'triage',
  summary: 'triage',
  usage: 'Usage: pillbox triage',
  options: {},
  async run() {
    throw new PillboxError('E_USAGE', 'triage is being built');
  },
});
