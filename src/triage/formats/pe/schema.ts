import { z } from 'zod';
import { DiagnosticSchema } from '../../../model/diagnostic-schema.js';

// zod mirror of PeInfo (types.ts), so the JSON output can be validated and documented
// (z.toJSONSchema). Strict objects: a field added to PeInfo but not here fails schema.test.ts.

const int = z.number().int();
const uint = int.nonnegative();
const flags = z.strictObject({ value: uint, flags: z.array(z.string()) });
const region = z.strictObject({ offset: uint, size: uint, entropy: z.number().nullable() });

const assembly = z.strictObject({ name: z.string(), version: z.string(), culture: z.string() });

export const DotnetInfoSchema = z.strictObject({
  runtime_version: z.string(),
  flags,
  entry_point_token: uint,
  entry_point: z.string().nullable(),
  metadata_version: z.string().nullable(),
  streams: z.array(z.strictObject({ name: z.string(), offset: uint, size: uint })),
  module_name: z.string().nullable(),
  mvid: z.string().nullable(),
  assembly: assembly.nullable(),
  assembly_refs: z.array(assembly),
  type_refs: z.array(z.string()),
  type_defs: z.array(z.string()),
  method_defs: z.array(z.string()),
  member_refs: z.array(z.string()),
  custom_attributes: z.array(z.string()),
  module_refs: z.array(z.string()),
  pinvoke: z.array(z.string()),
  manifest_resources: z.array(z.string()),
  user_strings: z.array(z.string()),
  table_rows: z.record(z.string(), uint),
});

export const PeInfoSchema = z.strictObject({
  format: z.enum(['pe32', 'pe32+']),
  machine: z.string(),
  machine_id: uint,
  bits: z.union([z.literal(32), z.literal(64)]),
  characteristics: flags,
  dll: z.boolean(),
  driver: z.boolean(),
  subsystem: z.string(),
  subsystem_id: uint,
  dll_characteristics: flags,
  entry_point: z.strictObject({ rva: uint, va: uint, offset: uint.nullable(), section: z.string().nullable(), section_index: uint.nullable() }),
  image_base: uint,
  timestamp: z.strictObject({ value: uint, iso: z.string().nullable(), anomalies: z.array(z.string()) }),
  linker_version: z.string(),
  os_version: z.string(),
  subsystem_version: z.string(),
  image_version: z.string(),
  size_of_image: uint,
  size_of_headers: uint,
  file_alignment: uint,
  section_alignment: uint,
  checksum: z.strictObject({ stored: uint, computed: uint.nullable() }),
  sections: z.array(
    z.strictObject({
      name: z.string(),
      virtual_address: uint,
      virtual_size: uint,
      raw_offset: uint,
      raw_size: uint,
      characteristics: flags,
      perms: z.string(),
      entropy: z.number().nullable(),
      md5: z.string().nullable(),
    }),
  ),
  data_directories: z.array(z.strictObject({ index: uint, name: z.string(), rva: uint, size: uint })),
  imports: z.array(
    z.strictObject({
      dll: z.string(),
      functions: z.array(z.strictObject({ name: z.string().nullable(), ordinal: uint.nullable(), hint: uint.nullable() })),
      delayed: z.boolean(),
    }),
  ),
  imphash: z.string(),
  exports: z
    .strictObject({
      dll_name: z.string().nullable(),
      timestamp: uint,
      functions: z.array(z.strictObject({ name: z.string().nullable(), ordinal: uint, rva: uint, forwarder: z.string().nullable() })),
    })
    .nullable(),
  resources: z.array(
    z.strictObject({
      type: z.string(),
      name: z.string(),
      lang: uint,
      rva: uint,
      offset: uint.nullable(),
      size: uint,
      entropy: z.number().nullable(),
    }),
  ),
  overlay: region.nullable(),
  rich: z
    .strictObject({
      offset: uint,
      key: uint,
      checksum_valid: z.boolean(),
      entries: z.array(z.strictObject({ product: uint, build: uint, count: uint, comp_id: uint })),
      hash: z.string(),
    })
    .nullable(),
  tls: z.strictObject({ callbacks: z.array(uint), address_of_callbacks: uint }).nullable(),
  relocations: z.strictObject({ blocks: uint, entries: uint, types: z.record(z.string(), uint) }).nullable(),
  authenticode: z
    .strictObject({ offset: uint, size: uint, revision: uint.nullable(), type: uint.nullable(), in_file: z.boolean() })
    .nullable(),
  debug: z.array(
    z.strictObject({
      type: uint,
      type_name: z.string(),
      timestamp: uint,
      size: uint,
      offset: uint,
      pdb: z.string().optional(),
      guid: z.string().optional(),
      age: uint.optional(),
    }),
  ),
  dotnet: DotnetInfoSchema.nullable(),
  anomalies: z.array(z.string()),
  warnings: z.array(DiagnosticSchema),
});
