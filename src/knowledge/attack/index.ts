export { loadAttack, createAttackCatalog, DEFAULT_ATTACK_DIR } from './catalog.js';
export type { AttackCatalog, AttackTechnique, AttackTactic } from './catalog.js';
