/**
 * The one error type of causeway and its catalogue. Every failure a user can cause or fix is an
 * `AppError` with a stable `code` from {@link ERRORS}, a message that names the thing and echoes
 * the bad value, and a `hint` that says how to fix it.
 *
 * Messages and hints name request fields edge-neutrally with {@link field} (`{{site}}`); each
 * edge spells them its own way ({@link Spelling}): `--site` in the CLI, `'site'` in HTTP,
 * "Site" on the web. So a library error never quotes a command-line flag to a web user.
 *
 * @example
 * throw new AppError('no_data', `no values of 'assay' in range`, `widen ${field('from')}/${field('to')} or ${field('site')}`);
 */

/**
 * Every error code and its HTTP status: the one catalogue. A code not listed here does not
 * compile (`AppError` takes an {@link ErrorCode}); the CLI exits 1 for every one of them.
 * 400 unless said otherwise: the input cannot be used as given.
 */
export const ERRORS = {
  // 400 — the request or the data asked for cannot be used as given
  bad_request: 400, bad_input: 400, invalid_input: 400, bad_flag: 400, bad_option: 400,
  bad_band: 400, bad_baseline: 400, bad_components: 400, bad_confidence: 400, bad_degree: 400,
  bad_demo_seed: 400, bad_demo_size: 400, bad_depth: 400, bad_expression: 400, bad_feature_name: 400,
  bad_fn: 400, bad_folder: 400, bad_folds: 400, bad_format: 400, bad_grid: 400, bad_input_file: 400,
  bad_k: 400, bad_limits: 400, bad_margin: 400, bad_model_name: 400, bad_output: 400, bad_parameter: 400,
  bad_percentiles: 400, bad_probability: 400, bad_quantile_type: 400, bad_range: 400, bad_reference: 400,
  bad_role: 400, bad_rule: 400, bad_specification: 400, bad_step: 400, bad_table: 400, bad_target: 400,
  bad_time: 400, bad_period: 400, bad_report: 400, bad_username: 400, bad_width: 400, bad_window: 400,
  ambiguous_file: 400, ambiguous_parameter: 400, ambiguous_source: 400, overlay_ambiguous: 400, overlay_source: 400,
  demo_out_not_empty: 400, dtw_band_too_narrow: 400, duplicate_column: 400,
  empty_baseline: 400, empty_range: 400, empty_series: 400, fit_failed: 400, genealogy_cycle: 400,
  incomplete_observation: 400, input_layout_differs: 400, invalid_mapping: 400, length_mismatch: 400,
  lot_not_of_material: 400, lot_without_times: 400, mapping_syntax: 400, mapping_unavailable: 400,
  missing_path: 400, missing_specification: 400, no_candidates: 400, no_data: 400, no_import_root: 400,
  no_limits_at_time: 400, no_lots: 400, no_predictors: 400, no_range: 400, no_residual: 400, no_sizes: 400,
  no_specification: 400, no_stored_limits: 400, no_subgroups: 400, no_tags: 400, no_variance: 400,
  non_finite_value: 400, not_a_folder: 400, not_numeric: 400, not_positive: 400, phase_required: 400,
  pls_no_x_variance: 400, pls_no_y_variance: 400, rank_deficient: 400, reason_required: 400,
  reauthentication_failed: 400, reserved_column: 400, spe_limit_undefined: 400, subgroup_size_unsupported: 400,
  subgroup_too_small: 400, threshold_required: 400, too_few_groups: 400, too_few_lots: 400,
  too_few_observations: 400, too_few_values: 400, too_few_variables: 400, too_many_rows: 400,
  unequal_sizes: 400, unreadable_file: 400, weak_password: 400, wrong_material: 400, wrong_model_kind: 400,
  zero_variance: 400, four_eyes: 400, store_read_only: 400, no_store: 400,
  // 400 — sources and connectors
  bad_batch: 400, bad_schedule: 400, bad_secret_key: 400, bad_source_name: 400, invalid_source: 400,
  kind_differs: 400, no_live: 400, no_sync: 400, secret_missing: 400, secret_unreadable: 400, test_only: 400,
  bad_config: 400, bad_payload: 400, bad_watermark: 400, config_not_found: 404,
  unknown_kind: 404, source_exists: 409, unreachable: 502, broker_lost: 502, broker_unreachable: 502, database_unreachable: 502,
  // OPC UA sources (src/connectors/opcua) and the actions of a source's kind
  opcua_config: 400, opcua_insecure: 400, opcua_no_tags: 400, opcua_bad_value: 400,
  opcua_browse: 404, opcua_certificate_unknown: 404, unknown_action: 404,
  opcua_certificate_untrusted: 409,
  opcua_pki: 500, opcua_store_failed: 500,
  opcua_certificate_rejected: 502, opcua_no_endpoint: 502, opcua_login: 502, opcua_failed: 502,
  opcua_history_failed: 502, opcua_history_unavailable: 502,
  opcua_unreachable: 503,
  // a network of sites (src/network): agents at the sites, the hub
  bad_site: 400, bad_batch_file: 400, newer_schema: 400, bad_message: 400, outbox_full: 507,
  nats_unreachable: 502,
  // 400 — the CLI beside a running server
  not_remote: 400, no_credentials: 400,
  // 400 — serving: the port or address cannot be listened on
  port_in_use: 400, port_not_allowed: 400, bad_host: 400,
  // records and electronic signatures (src/records, src/signatures)
  bad_record: 400, unknown_view: 400, job_not_done: 400, not_canonical: 500,
  sign_for_other: 403, unknown_record_kind: 404, record_not_found: 404, worksheet_not_found: 404, already_signed: 409,
  // 401 — who are you?
  unauthenticated: 401, login_failed: 401, bad_api_key: 401,
  // 403 — you may not
  forbidden: 403, csrf_failed: 403,
  // 404 — no such thing
  not_found: 404, unknown_lot: 404, unknown_parameter: 404, unknown_tag: 404, unknown_material: 404,
  unknown_factor: 404, unknown_model: 404, unknown_observation: 404, unknown_product: 404,
  unknown_reference: 404, unknown_source: 404, unknown_step: 404, unknown_table: 404, unknown_variable: 404,
  limits_not_found: 404, folder_not_found: 404, input_not_found: 404, mapping_not_found: 404,
  sheet_not_found: 404, lot_not_found: 404, product_not_found: 404, report_not_found: 404, run_not_found: 404,
  // 409 — it clashes with what is stored
  user_exists: 409, conflict: 409, value_conflict: 409, name_taken: 409, already_approved: 409,
  store_locked: 409,
  // other statuses
  payload_too_large: 413,
  account_locked: 423,
  rate_limited: 429,
  cancelled: 499,
  internal: 500, duplicate_feature: 500, migration_failed: 500, chromium_failed: 500, print_failed: 500,
  store_open_failed: 503, store_closed: 503, server_unreachable: 503, no_chromium: 503,
} as const satisfies Record<string, number>;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof ERRORS;

/** True when `code` is in the catalogue (for codes read back from JSON). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** The HTTP status of an error: the catalogue's, or 500 for anything that is not an AppError. */
export function httpStatus(e: unknown): number {
  return e instanceof AppError ? ERRORS[e.code] : 500;
}

/**
 * How an edge writes a field of a request in a message: `name` is the schema's field name
 * (camelCase), `example` an optional value to show with it.
 */
export type Spelling = (name: string, example?: string) => string;

/** HTTP (and the library's own `message`): the field name as in the query or body, `'site'`, `lambda=0.2`. */
export const apiSpelling: Spelling = (name, example) => (example === undefined ? `'${name}'` : `${name}=${example}`);

const MARK = /\{\{([A-Za-z][A-Za-z0-9]*)(?:=((?:[^}]|\}(?!\}))*))?\}\}/g;

/**
 * Names a request field in a message or hint, edge-neutrally; each edge spells it its own way.
 * @param name - the field as in the verb's schema (camelCase), e.g. 'baselineFrom'
 * @param example - a value to show with it, e.g. '2024-01-01'
 * @example `widen ${field('from')} or give ${field('lambda', '0.2')}` // CLI: "widen --from or give --lambda 0.2"
 */
export function field(name: string, example?: string): string {
  return example === undefined ? `{{${name}}}` : `{{${name}=${example}}}`;
}

/** Writes the fields named in `text` (by {@link field}) the way `spelling` says. */
export function spell(text: string, spelling: Spelling): string {
  return text.replace(MARK, (_m, name: string, example: string | undefined) => spelling(name, example));
}

/** The fields a text names, in order of first mention. */
export function fieldsIn(text: string): string[] {
  return [...new Set([...text.matchAll(MARK)].map((m) => m[1]!))];
}

/** An error as JSON (CLI `--json`, HTTP bodies, job states). */
export interface ErrorJson {
  code: string;
  message: string;
  hint: string;
  details?: unknown;
  /** Message and hint with their field references (`{{site}}`), for clients that spell fields their own way. */
  template?: { message: string; hint: string };
}

/**
 * The one error type of causeway. `message` and `hint` are spelled for HTTP ({@link apiSpelling});
 * {@link AppError.spelled} spells them for another edge.
 *
 * @example
 * throw new AppError('bad_time', "lots.csv line 14: start '2024-13-01' is not a date",
 *   'use ISO 8601, e.g. 2024-01-13T08:00:00+01:00');
 */
export class AppError extends Error {
  /** Stable, machine-readable code (snake_case), from {@link ERRORS}. */
  readonly code: ErrorCode;
  /** How to fix it, in one sentence. */
  readonly hint: string;
  /** Structured detail for machines (e.g. the list of all row errors of an import). */
  readonly details: unknown;
  /** The message and hint as written, with field references. */
  readonly template: { message: string; hint: string };

  constructor(code: ErrorCode, message: string, hint = '', details?: unknown) {
    super(spell(message, apiSpelling));
    this.name = 'AppError';
    this.code = code;
    this.hint = spell(hint, apiSpelling);
    this.details = details;
    this.template = { message, hint };
  }

  /** Message and hint with their fields spelled for one edge. */
  spelled(spelling: Spelling): { message: string; hint: string } {
    return { message: spell(this.template.message, spelling), hint: spell(this.template.hint, spelling) };
  }

  /** A plain object for JSON output (CLI `--json`, HTTP bodies); `spelling` defaults to HTTP's. */
  toJSON(spelling: Spelling = apiSpelling): ErrorJson {
    const { message, hint } = this.spelled(spelling);
    const out: ErrorJson = { code: this.code, message, hint };
    if (this.details !== undefined) out.details = this.details;
    if (fieldsIn(this.template.message + this.template.hint).length > 0) out.template = this.template;
    return out;
  }

  /**
   * An error read back from JSON (a server's answer): its template when it has one, so the
   * reader spells the fields its own way. An unknown code becomes `internal`.
   */
  static fromJSON(e: ErrorJson): AppError {
    const code = isErrorCode(e.code) ? e.code : 'internal';
    return new AppError(code, e.template?.message ?? e.message, e.template?.hint ?? e.hint, e.details);
  }
}

/** True when `e` is an {@link AppError} (a user error, not a bug). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * One problem found while validating input, located precisely enough to fix:
 * file, 1-based line (header is line 1), column, the offending value and the fix.
 */
export interface InputIssue {
  file: string;
  line?: number;
  column?: string;
  value?: string;
  message: string;
  hint: string;
}

/** Formats an {@link InputIssue} as one line a person can act on. */
export function formatIssue(i: InputIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.column ? `column ${i.column}` : undefined]
    .filter(Boolean)
    .join(' ');
  const value = i.value !== undefined ? ` (value '${i.value}')` : '';
  return `${where}: ${i.message}${value}; ${i.hint}`;
}

/**
 * Throws one `AppError('invalid_input')` carrying all issues (capped list) when there are any.
 * A run reports every error of a file up to the cap, not only the first.
 */
export function throwIfIssues(issues: InputIssue[], what: string, cap = 50): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, cap);
  const more = issues.length > cap ? `\n… and ${issues.length - cap} more` : '';
  throw new AppError(
    'invalid_input',
    `${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found, nothing was stored\n` +
      shown.map((i) => '  ' + formatIssue(i)).join('\n') + more,
    'fix the listed lines and run again; the store is unchanged',
    { issues: shown, total: issues.length },
  );
}
