/** .NET (CLI) facts from the CLR header and the ECMA-335 metadata (Partition II §24–25). */
export interface DotnetInfo {
  /** IMAGE_COR20_HEADER MajorRuntimeVersion.MinorRuntimeVersion, e.g. `2.5`. */
  runtime_version: string;
  flags: { value: number; flags: string[] };
  /** Token of the managed entry point method (0x06xxxxxx), or 0. */
  entry_point_token: number;
  /** Entry point as `Namespace.Type::Method` when the token names a MethodDef. */
  entry_point: string | null;
  /** Metadata root version string, e.g. `v4.0.30319`. */
  metadata_version: string | null;
  streams: { name: string; offset: number; size: number }[];
  module_name: string | null;
  mvid: string | null;
  assembly: DotnetAssembly | null;
  assembly_refs: DotnetAssembly[];
  /** `Namespace.Name` of every TypeRef, nested types as `Outer/Inner`. */
  type_refs: string[];
  /** `Namespace.Name` of every TypeDef. */
  type_defs: string[];
  /** `Namespace.Type::Method` of every MethodDef (bounded). */
  method_defs: string[];
  /** `Namespace.Type::Member` of every MemberRef, e.g. `System.Reflection.Assembly::Load`. */
  member_refs: string[];
  /** Distinct type names of custom attributes applied anywhere (obfuscator markers live here). */
  custom_attributes: string[];
  module_refs: string[];
  /** P/Invoke imports as `module!function`. */
  pinvoke: string[];
  manifest_resources: string[];
  /** Strings from the #US heap (bounded). */
  user_strings: string[];
  /** Row count per present table, by ECMA-335 name. */
  table_rows: Record<string, number>;
}

export interface DotnetAssembly {
  name: string;
  version: string;
  culture: string;
}
