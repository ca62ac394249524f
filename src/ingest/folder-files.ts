/**
 * The open folder format: which files a folder may hold and their columns. This table is the
 * contract shared by the folder reader, the mapped import of real exports and the demo network
 * (docs/folder-format.md describes it for users). Files are `<name>.csv` or `<name>.parquet`;
 * `continuous` may also be a folder of such files.
 */
export const FOLDER_FILES = {
  sites: { required: ['site', 'timezone'], optional: ['name'] },
  equipment: { required: ['equipment', 'site'], optional: ['parent', 'class', 'name'] },
  materials: { required: ['material', 'type'], optional: ['name'] },
  steps: { required: ['step', 'product', 'sequence', 'material'], optional: ['name'] },
  lots: {
    required: ['lot', 'material', 'site'],
    optional: ['step', 'equipment', 'start', 'end', 'quantity', 'unit', 'supplier', 'status'],
    // any other column becomes a lot attribute
  },
  genealogy: { required: ['parent_lot', 'child_lot'], optional: ['quantity'] },
  parameters: {
    // one of material or step is required
    required: ['parameter', 'kind'],
    optional: ['material', 'step', 'unit', 'role', 'lsl', 'usl', 'target', 'valid_from', 'description'],
  },
  discrete: { required: ['lot', 'parameter', 'value'], optional: ['time'] },
  replicates: { required: ['lot', 'parameter', 'replicate', 'value'], optional: ['time'] },
  events: { required: ['type', 'name', 'start'], optional: ['event', 'lot', 'equipment', 'end', 'severity', 'text'] },
  tags: { required: ['tag', 'equipment'], optional: ['unit', 'description', 'lsl', 'usl', 'signal'] },
  continuous: { required: ['tag', 'time', 'value'], optional: ['quality'] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;

/** The name of one file of the folder format. */
export type FolderFile = keyof typeof FOLDER_FILES;

/** Import order: each file only refers to things imported before it. */
export const IMPORT_ORDER: FolderFile[] = [
  'sites', 'equipment', 'materials', 'steps', 'lots', 'genealogy', 'parameters',
  'discrete', 'replicates', 'events', 'tags', 'continuous',
];

/**
 * Staged input for one import: for each file present, the name of a DuckDB temporary table
 * (or view) holding its rows, plus `_line` BIGINT (the 1-based line of the source file,
 * header = line 1; NULL allowed on the fast path of samples) and `_source` VARCHAR (the file
 * it came from, relative to the folder). The folder reader stages CSV/Parquet files this way;
 * the mapped import and the demo stage their data this way; all then call the same validating,
 * transactional `importStaged`.
 *
 * What `importStaged` accepts per column:
 * - VARCHAR (as read from CSV): every value is judged (trimmed; empty = missing);
 * - typed: DOUBLE or any integer type for numbers; TIMESTAMP WITH TIME ZONE for an instant;
 *   TIMESTAMP or DATE for a local reading in the site's time zone;
 * - companions of a typed column `c` (all optional): `_c_raw` VARCHAR, the text of a value that
 *   could not be typed (reported as such); `_c_local` TIMESTAMP beside a TIMESTAMPTZ `c`, the
 *   local reading of rows written without an offset (`c` NULL on those rows);
 * - continuous `quality` may be typed UTINYINT (0 good, 1 uncertain, 2 bad) together with a
 *   `status` UINTEGER column (the OPC UA status code, or NULL) and `_quality_raw`.
 * The typed staging of samples (stage-folder.ts, `typedContinuous`) is the model to copy for
 * tens of millions of rows: `tag` VARCHAR, `time` TIMESTAMPTZ + `_time_local` + `_time_raw`,
 * `value` DOUBLE, `quality` UTINYINT + `status` + `_quality_raw`.
 */
export type Staged = Partial<Record<FolderFile, string>>;
