// ECMA-335 Partition II §22 table layouts and §24.2.6 coded indexes. Data, kept in one place so that
// row sizes for tables we never read are still right (they decide where later tables start).

/** Column kinds: fixed width in bytes, heap index, simple table index, or coded index. */
export type Column = 1 | 2 | 4 | 'str' | 'guid' | 'blob' | { t: number } | { c: CodedKind };

export type CodedKind = keyof typeof CODED;

/** Table ids of each coded index, in tag order (-1 = tag not used). */
export const CODED = {
  TypeDefOrRef: [0x02, 0x01, 0x1b],
  HasConstant: [0x04, 0x08, 0x17],
  HasCustomAttribute: [
    0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0a, 0x00, 0x0e, 0x17, 0x14, 0x11, 0x1a, 0x1b, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2a, 0x2c,
    0x2b,
  ],
  HasFieldMarshal: [0x04, 0x08],
  HasDeclSecurity: [0x02, 0x06, 0x20],
  MemberRefParent: [0x02, 0x01, 0x1a, 0x06, 0x1b],
  HasSemantics: [0x14, 0x17],
  MethodDefOrRef: [0x06, 0x0a],
  MemberForwarded: [0x04, 0x06],
  Implementation: [0x26, 0x23, 0x27],
  CustomAttributeType: [-1, -1, 0x06, 0x0a, -1],
  ResolutionScope: [0x00, 0x1a, 0x23, 0x01],
  TypeOrMethodDef: [0x02, 0x06],
} as const;

const S = 'str';
const G = 'guid';
const B = 'blob';
const t = (n: number): Column => ({ t: n });
const c = (k: CodedKind): Column => ({ c: k });

/** [name, columns] per table id 0x00–0x2C. */
export const TABLES: readonly (readonly [string, readonly Column[]])[] = [
  ['Module', [2, S, G, G, G]],
  ['TypeRef', [c('ResolutionScope'), S, S]],
  ['TypeDef', [4, S, S, c('TypeDefOrRef'), t(0x04), t(0x06)]],
  ['FieldPtr', [t(0x04)]],
  ['Field', [2, S, B]],
  ['MethodPtr', [t(0x06)]],
  ['MethodDef', [4, 2, 2, S, B, t(0x08)]],
  ['ParamPtr', [t(0x08)]],
  ['Param', [2, 2, S]],
  ['InterfaceImpl', [t(0x02), c('TypeDefOrRef')]],
  ['MemberRef', [c('MemberRefParent'), S, B]],
  ['Constant', [2, c('HasConstant'), B]],
  ['CustomAttribute', [c('HasCustomAttribute'), c('CustomAttributeType'), B]],
  ['FieldMarshal', [c('HasFieldMarshal'), B]],
  ['DeclSecurity', [2, c('HasDeclSecurity'), B]],
  ['ClassLayout', [2, 4, t(0x02)]],
  ['FieldLayout', [4, t(0x04)]],
  ['StandAloneSig', [B]],
  ['EventMap', [t(0x02), t(0x14)]],
  ['EventPtr', [t(0x14)]],
  ['Event', [2, S, c('TypeDefOrRef')]],
  ['PropertyMap', [t(0x02), t(0x17)]],
  ['PropertyPtr', [t(0x17)]],
  ['Property', [2, S, B]],
  ['MethodSemantics', [2, t(0x06), c('HasSemantics')]],
  ['MethodImpl', [t(0x02), c('MethodDefOrRef'), c('MethodDefOrRef')]],
  ['ModuleRef', [S]],
  ['TypeSpec', [B]],
  ['ImplMap', [2, c('MemberForwarded'), S, t(0x1a)]],
  ['FieldRVA', [4, t(0x04)]],
  ['EncLog', [4, 4]],
  ['EncMap', [4]],
  ['Assembly', [4, 2, 2, 2, 2, 4, B, S, S]],
  ['AssemblyProcessor', [4]],
  ['AssemblyOS', [4, 4, 4]],
  ['AssemblyRef', [2, 2, 2, 2, 4, B, S, S, B]],
  ['AssemblyRefProcessor', [4, t(0x23)]],
  ['AssemblyRefOS', [4, 4, 4, t(0x23)]],
  ['File', [4, S, B]],
  ['ExportedType', [4, 4, S, S, c('Implementation')]],
  ['ManifestResource', [4, 4, S, c('Implementation')]],
  ['NestedClass', [t(0x02), t(0x02)]],
  ['GenericParam', [2, 2, c('TypeOrMethodDef'), S]],
  ['MethodSpec', [c('MethodDefOrRef'), B]],
  ['GenericParamConstraint', [t(0x2a), c('TypeDefOrRef')]],
];

export const T = {
  Module: 0x00,
  TypeRef: 0x01,
  TypeDef: 0x02,
  MethodDef: 0x06,
  MemberRef: 0x0a,
  CustomAttribute: 0x0c,
  ModuleRef: 0x1a,
  TypeSpec: 0x1b,
  ImplMap: 0x1c,
  Assembly: 0x20,
  AssemblyRef: 0x23,
  ManifestResource: 0x28,
  NestedClass: 0x29,
} as const;
