import type { Evidence, TechniqueHit } from '../../model/entity.js';
import { loadAttack, type AttackCatalog } from '../../knowledge/attack/index.js';
import { splitSentences, type Sentence } from '../../text/sentences.js';
import { loadTechniqueModel, type TechniqueModel } from './classifier.js';
import { eachExplicitId, ExplicitIdList, type ExplicitId } from './explicit-ids.js';
import { firedRules, fireRulesRange, type CompiledRules } from './rules.js';
import { loadRulesIndex } from './rules-index.js';
import { tokenizeText, type TextTokens } from '../../text/tokens.js';
import { sentenceHashes, sentenceTokensOf } from './doc-tokens.js';

/** Options of recognizeTechniques; every field has a default. */
export interface RecognizeTechniquesOptions {
  /** Sentences of `text` (from splitSentences), when the caller already has them. */
  sentences?: Sentence[];
  /** Tokens of `text` (from tokenizeText), when the caller already has them (the pipeline shares one tokenization). */
  tokens?: TextTokens;
  /** Report ids written in the text (`T1059.001`). Default true. */
  explicitIds?: boolean;
  /** Ids found by another extractor (the indicators stage), merged as explicit ids (offsets into `text`). */
  explicit?: readonly ExplicitId[] | ExplicitIdList;
  /** ATT&CK catalogue; default loadAttack(). */
  attack?: AttackCatalog;
  /** Compiled phrase rules; default the shipped rules/techniques. */
  rules?: CompiledRules;
  /** Sentence classifier; default the shipped TRAM model; `false` turns it off. */
  model?: TechniqueModel | false;
  /** Support a long report needs for techniques the classifier does not confirm (default LONG_REPORT); `false` keeps every hit. */
  longReport?: LongReportPolicy | false;
}

/**
 * In a long report a technique named in one or two sentences, with no classifier agreement, is most often
 * a passing mention (background, a list of related techniques, an appendix table of ids) rather than
 * behaviour the report describes. Such techniques are kept only when enough distinct sentences support them.
 */
export interface LongReportPolicy {
  /** A report with more sentences than this is long. */
  sentences: number;
  /** Distinct supporting sentences needed when only phrase rules (or implications) found the technique. */
  phraseSentences: number;
  /** Distinct supporting sentences needed when an id written in the text is among the sources (and no classifier). */
  idSentences: number;
  /** A classifier-only technique needs this confidence, or `modelSentences` sentences above its threshold. */
  modelConfidence: number;
  modelSentences: number;
}

/**
 * Calibrated on the TRAM 2 calibration reports scored by the step-1 classifier (trained without them;
 * `TT_STEP1_OUT` in scripts/train-techniques.ts), document level, every prediction counted; the held-out
 * fifth was not used. Stricter settings scored higher still, but converge on dropping every technique the
 * classifier cannot confirm (TRAM's 77 labels), which would hide real behaviour outside them; these keep
 * three sentences of repeated evidence. The team's reports are short (≤ 13 sentences) and unaffected.
 */
export const LONG_REPORT: LongReportPolicy = { sentences: 30, phraseSentences: 3, idSentences: 3, modelConfidence: 0.5, modelSentences: 2 };

const EXPLICIT_CONFIDENCE = 0.95;
const MAX_EVIDENCE = 5;
/** Confidence of a technique implied by a rule, relative to the rule's own. */
const IMPLIED_FACTOR = 0.8;
/** Classifier hits are scaled into this confidence range (they are weaker than phrase rules). */
const MODEL_CONF_MIN = 0.35;
const MODEL_CONF_MAX = 0.8;

let defaultRules: CompiledRules | undefined;

/** The shipped rules (compiled at build time into data/techniques/rules-index.json, see rules-index.ts), loaded once per process. */
export function defaultTechniqueRules(): CompiledRules {
  defaultRules ??= loadRulesIndex();
  return defaultRules;
}

interface Acc {
  /** Best confidence per source kind (explicit / rule name / model). */
  sources: Map<string, number>;
  evidence: Evidence[];
}

class HitCollector {
  readonly byId = new Map<string, Acc>();
  /** Adds a source of technique `id` with evidence text[start, end) (the object is only built when kept). */
  add(id: string, source: string, confidence: number, text: string, start: number, end: number, rule: string): void {
    let acc = this.byId.get(id);
    if (acc === undefined) this.byId.set(id, (acc = { sources: new Map(), evidence: [] }));
    acc.sources.set(source, Math.max(acc.sources.get(source) ?? 0, confidence));
    const ev = acc.evidence;
    if (ev.length >= MAX_EVIDENCE * 4) return;
    for (const e of ev) if (e.start === start && e.rule === rule) return;
    ev.push({ text, start, end, rule });
  }
  /** add() with a sentence as evidence. */
  addSentence(id: string, source: string, confidence: number, s: Sentence, rule: string): void {
    this.add(id, source, confidence, s.text, s.start, s.end, rule);
  }
}

/** Per rule set: fireRules' pattern stamps, numbered by a running sentence number (no reset per call). */
interface RuleScratch {
  stamp: Int32Array;
  sentenceNo: number;
}

const scratchByRules = new WeakMap<CompiledRules, RuleScratch>();

function scratchOf(rules: CompiledRules): RuleScratch {
  let s = scratchByRules.get(rules);
  if (s === undefined) scratchByRules.set(rules, (s = { stamp: new Int32Array(rules.role.length).fill(-1), sentenceNo: -1 }));
  return s;
}

function nextSentenceNo(s: RuleScratch): number {
  if (++s.sentenceNo === 0x7fffffff) {
    s.stamp.fill(-1);
    s.sentenceNo = 0;
  }
  return s.sentenceNo;
}

/** Per rule: its source keys and evidence labels, built once per rule set (not per hit). */
interface RuleLabels {
  phraseSource: string[];
  phraseRule: string[];
  impliedSource: string[];
  impliedRule: string[];
}

const labelsOf = new WeakMap<CompiledRules, RuleLabels>();

function ruleLabels(rules: CompiledRules): RuleLabels {
  let l = labelsOf.get(rules);
  if (l === undefined) {
    const rs = rules.rules;
    l = {
      phraseSource: rs.map((r) => `phrase:${r.name}`),
      phraseRule: rs.map((r) => `phrase:${r.id}/${r.name}`),
      impliedSource: rs.map((r) => `implied:${r.name}`),
      impliedRule: rs.map((r) => `implied:${r.id}/${r.name}`),
    };
    labelsOf.set(rules, l);
  }
  return l;
}

/**
 * Recognises ATT&CK Enterprise techniques in a report: ids written in the text, phrase rules from
 * rules/techniques (described behaviour: "packed with UPX" → T1027.002) and a sentence classifier
 * trained on MITRE TRAM 2 (evidence `model:tram-lr`). Revoked ids map to their replacements; unknown ids
 * are dropped. One pass over the sentences, on the document's tokens (shared with the other stages).
 * @example
 * recognizeTechniques('The sample is packed with UPX.').map((t) => t.id); // ['T1027.002']
 */
export function recognizeTechniques(text: string, opts: RecognizeTechniquesOptions = {}): TechniqueHit[] {
  const attack = opts.attack ?? loadAttack();
  const rules = opts.rules ?? defaultTechniqueRules();
  const model = opts.model === false ? undefined : (opts.model ?? loadTechniqueModel());
  const sentences = opts.sentences ?? splitSentences(text);
  const hits = new HitCollector();
  const best = model === undefined ? undefined : new ModelBest(model);
  const scratch = scratchOf(rules);
  const docTokens = opts.tokens ?? tokenizeText(text);
  const toks = sentenceTokensOf(docTokens, sentences);
  const labels = ruleLabels(rules);
  for (let n = 0; n < sentences.length; n++) {
    const s = sentences[n]!;
    const from = toks.first[n]!;
    const to = toks.end[n]!;
    const fired = fireRulesRange(rules, toks, from, to, scratch.stamp, nextSentenceNo(scratch));
    const ruleIdx = firedRules();
    for (let k = 0; k < fired; k++) {
      const r = ruleIdx[k]!;
      const rule = rules.rules[r]!;
      hits.addSentence(rule.id, labels.phraseSource[r]!, rule.confidence, s, labels.phraseRule[r]!);
      if (rule.implies !== undefined) for (const id of rule.implies) hits.addSentence(id, labels.impliedSource[r]!, rule.confidence * IMPLIED_FACTOR, s, labels.impliedRule[r]!);
    }
    best?.observe(sentenceHashes(docTokens, from, to), 0, to - from, s);
  }
  best?.emit(hits);
  addExplicitIds(text, opts, sentences, hits);
  const policy = opts.longReport ?? LONG_REPORT;
  return finish(hits, attack, policy !== false && sentences.length > policy.sentences ? policy : undefined);
}

/** Per model: the label and logit arrays ModelBest passes to `firing` (reused; one call at a time). */
const modelScratch = new WeakMap<TechniqueModel, { logits: Float64Array; labels: Int32Array }>();

/** Keeps, per label, the sentences whose probability passes the label's threshold (best first). */
class ModelBest {
  private readonly logits: Float64Array;
  private readonly labels: Int32Array;
  private readonly found = new Map<number, { p: number; s: Sentence }[]>();
  constructor(private readonly model: TechniqueModel) {
    let scratch = modelScratch.get(model);
    if (scratch === undefined) modelScratch.set(model, (scratch = { logits: new Float64Array(model.labels.length), labels: new Int32Array(model.labels.length) }));
    this.logits = scratch.logits;
    this.labels = scratch.labels;
  }
  /** Scores the sentence whose word hashes are hashes[from, to). */
  observe(hashes: ArrayLike<number>, from: number, to: number, s: Sentence): void {
    const n = this.model.firing(hashes, from, to, this.labels, this.logits);
    for (let k = 0; k < n; k++) {
      const l = this.labels[k]!;
      const p = 1 / (1 + Math.exp(-this.logits[l]!));
      let list = this.found.get(l);
      if (list === undefined) this.found.set(l, (list = []));
      // Keep the MAX_EVIDENCE best sentences only (bounded memory on huge documents).
      if (list.length < MAX_EVIDENCE) list.push({ p, s });
      else {
        let worst = 0;
        for (let j = 1; j < list.length; j++) if (list[j]!.p < list[worst]!.p) worst = j;
        if (list[worst]!.p < p) list[worst] = { p, s };
      }
    }
  }
  emit(hits: HitCollector): void {
    const rule = `model:${this.model.name}`;
    for (const [l, list] of this.found) {
      const t = this.model.thresholds[l]!;
      list.sort((a, b) => b.p - a.p);
      const conf = MODEL_CONF_MIN + (MODEL_CONF_MAX - MODEL_CONF_MIN) * Math.min(1, (list[0]!.p - t) / (1 - t));
      for (const { s } of list.slice(0, MAX_EVIDENCE)) hits.addSentence(this.model.labels[l]!, rule, conf, s, rule);
    }
  }
}

/** Ids given in `explicit` (found by the indicators stage), as a list. */
function givenIds(opts: RecognizeTechniquesOptions): ExplicitIdList {
  const given = opts.explicit;
  if (given instanceof ExplicitIdList) return given;
  const list = new ExplicitIdList();
  if (given !== undefined) for (const x of given) list.add(x.id, x.start, x.end);
  return list;
}

/**
 * Adds each explicit id with its sentence as evidence (or the id itself outside any sentence): the ids
 * written in the text (unless `explicitIds: false`), merged as they are found with those given in
 * `explicit`, in the order of a stable sort by start of the text's ids followed by the given ones.
 */
function addExplicitIds(text: string, opts: RecognizeTechniquesOptions, sentences: readonly Sentence[], hits: HitCollector): void {
  const normal = new Map<string, string>();
  let k = 0;
  const addOne = (raw: string, start: number, end: number): void => {
    let id = normal.get(raw);
    if (id === undefined) normal.set(raw, (id = raw.toUpperCase().replace('/', '.')));
    while (k < sentences.length && sentences[k]!.end <= start) k++;
    const s = sentences[k];
    if (s !== undefined && s.start <= start) hits.addSentence(id, 'explicit-id', EXPLICIT_CONFIDENCE, s, 'explicit-id');
    else hits.add(id, 'explicit-id', EXPLICIT_CONFIDENCE, text.slice(start, end), start, end, 'explicit-id');
  };
  const given = givenIds(opts);
  const order = given.byStart();
  let g = 0;
  // A given id goes before a found one only when it starts strictly earlier: at equal starts the found
  // one comes first, as in the sort.
  const flushBefore = (start: number): void => {
    for (; g < order.length && given.start(order[g]!) < start; g++) addOne(given.idOf(order[g]!), given.start(order[g]!), given.end(order[g]!));
  };
  if (opts.explicitIds !== false) {
    eachExplicitId(text, (id, start, end) => {
      flushBefore(start);
      addOne(id, start, end);
    });
  }
  flushBefore(Infinity);
}

/**
 * A parent technique found only by phrase rules while one of its sub-techniques was also found adds
 * nothing (reports name the most specific technique); ids written in the text and classifier hits stay.
 */
function isGenericParent(id: string, acc: Acc, parentsOfSpecific: ReadonlySet<string>): boolean {
  if (id.includes('.') || !parentsOfSpecific.has(id)) return false;
  for (const k of acc.sources.keys()) if (!k.startsWith('phrase:') && !k.startsWith('implied:')) return false;
  return true;
}

/** Parents (`T1027`) of the sub-techniques found by a rule or an explicit id (model hits are weaker). */
function specificParents(all: Map<string, Acc>): Set<string> {
  const out = new Set<string>();
  for (const [id, acc] of all) {
    const dot = id.indexOf('.');
    if (dot < 0) continue;
    for (const k of acc.sources.keys()) {
      if (k.startsWith('model:')) continue;
      out.add(id.slice(0, dot));
      break;
    }
  }
  return out;
}

/** True when a long report's technique lacks the support `policy` asks for (see LongReportPolicy). */
function isPassingMention(acc: Acc, policy: LongReportPolicy): boolean {
  let explicit = false;
  let other = false;
  let model = 0;
  for (const [k, c] of acc.sources) {
    if (k.startsWith('model:')) model = c;
    else if (k === 'explicit-id') explicit = true;
    else other = true;
  }
  if (model > 0) {
    if (explicit || other || model >= policy.modelConfidence) return false;
    return acc.evidence.filter((e) => e.rule?.startsWith('model:') === true).length < policy.modelSentences;
  }
  const need = explicit ? policy.idSentences : policy.phraseSentences;
  return new Set(acc.evidence.map((e) => e.start)).size < need;
}

// The same order as String.prototype.localeCompare (same default locale and options), without its
// per-call set-up; created on the first tie of starts (its construction loads collation data, ~8 ms of a start).
let collator: Intl.Collator | undefined;

function byStartThenRule(a: Evidence, b: Evidence): number {
  if (a.start !== b.start) return a.start - b.start;
  const x = a.rule ?? '';
  const y = b.rule ?? '';
  // Equal strings compare equal under any collation: no collator needed.
  if (x === y) return 0;
  collator ??= new Intl.Collator();
  return collator.compare(x, y);
}

/** Per catalogue: id as found → its current technique (null: unknown), so a short document pays no look-ups per hit. */
const resolvedByCatalog = new WeakMap<AttackCatalog, Map<string, Resolved | null>>();

interface Resolved {
  id: string;
  name: string;
  tactics: string[];
}

function resolvedIds(attack: AttackCatalog): Map<string, Resolved | null> {
  let m = resolvedByCatalog.get(attack);
  if (m === undefined) resolvedByCatalog.set(attack, (m = new Map()));
  return m;
}

/**
 * Resolves ids, merges revoked ids into their replacements, drops passing mentions of long reports
 * (`policy`), combines confidences (noisy-or), sorts.
 */
function finish(hits: HitCollector, attack: AttackCatalog, policy: LongReportPolicy | undefined): TechniqueHit[] {
  const merged = new Map<string, Acc>();
  const techniques = new Map<string, Resolved>();
  const resolved = resolvedIds(attack);
  for (const [id, acc] of hits.byId) {
    let r = resolved.get(id);
    if (r === undefined) {
      // Bounded: ids written in hostile text are unbounded, rule and model ids are not.
      if (resolved.size >= 4096) resolved.clear();
      const cur = attack.resolve(id);
      resolved.set(id, (r = cur === undefined ? null : { id: cur, name: attack.name(cur) ?? cur, tactics: attack.tactics(cur) }));
    }
    if (r === null) continue;
    const cur = r.id;
    if (cur === undefined) continue;
    const into = merged.get(cur);
    techniques.set(cur, r);
    if (into === undefined) merged.set(cur, acc);
    else {
      for (const [k, v] of acc.sources) into.sources.set(k, Math.max(into.sources.get(k) ?? 0, v));
      into.evidence.push(...acc.evidence);
    }
  }
  const out: TechniqueHit[] = [];
  const parents = specificParents(merged);
  for (const [id, acc] of merged) {
    if (isGenericParent(id, acc, parents) || (policy !== undefined && isPassingMention(acc, policy))) continue;
    let miss = 1;
    for (const c of acc.sources.values()) miss *= 1 - c;
    const evidence = acc.evidence.sort(byStartThenRule).slice(0, MAX_EVIDENCE);
    const t = techniques.get(id)!;
    out.push({ id, name: t.name, tactics: t.tactics, evidence, confidence: Math.round(Math.min(0.99, 1 - miss) * 100) / 100 });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
