// Placeholder so the CLI builds while this verb is written; replaced by the verb's real module.
import { PillboxError } from '../../errors.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'hunt',
  summary: 'hunt',
  usage: 'Usage: pillbox hunt',
  options: {},
  async run() {
    throw new PillboxError('E_USAGE', 'hunt is being built');
  },
});
