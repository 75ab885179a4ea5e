import type { PackerHit, TriageFormat } from '../../model/triage-result.js';
import type { ElfInfo } from '../formats/elf/types.js';
import type { MachoInfo } from '../formats/macho/types.js';
import type { PeInfo } from '../formats/pe/types.js';

export type { PackerHit };

/** What `detectPackers` looks at; parsed structures are optional (parsed here when missing). */
export interface PackerInput {
  bytes: Uint8Array;
  format: TriageFormat;
  pe?: PeInfo | null;
  elf?: ElfInfo | null;
  macho?: MachoInfo | null;
  /** Whole-file Shannon entropy (bits/byte); computed when absent. */
  entropy?: number;
  /** Signature table; defaults to the bundled `rules/packers/packers.yaml`. */
  table?: PackerTable;
}

export interface WeightedText { text: string; weight: number }
export interface EntryPattern { id: string; hex: string; weight: number; window?: number }
export interface NameSet { names: string[]; weight: number; weak_alone?: boolean; weak_max?: number }

export interface PackerRule {
  name: string;
  formats: TriageFormat[];
  sections?: NameSet;
  strings?: WeightedText[];
  entry?: EntryPattern[];
  dotnet?: NameSet;
}

export interface PackerTable { packers: PackerRule[] }

/** A piece of evidence and its weight, before combination. */
export interface Clue { text: string; weight: number; structural: boolean }
