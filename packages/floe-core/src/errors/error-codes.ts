/**
 * Every FloeError code, with the CLI exit code it maps to and a one-line
 * meaning. `docs/error-codes.md` is generated from this table (a test keeps
 * them in sync), so a code is added here first.
 *
 * Exit codes (PROJECT_FORMAT.md §9): 1 a node failed, 2 the project, platform
 * file or command line is invalid, 3 a compute target could not be reached.
 */
export const ERROR_CODES = {
  // --- project discovery and YAML --------------------------------------------
  FLOE_PROJECT_NOT_FOUND: { exit: 2, summary: 'No floe.yaml or dbt_project.yml in the project folder.' },
  FLOE_FILE_UNREADABLE: { exit: 2, summary: 'A project file could not be read.' },
  FLOE_PATH_OUTSIDE_PROJECT: { exit: 2, summary: 'A configured path leaves the project folder.' },
  FLOE_YAML_SYNTAX: { exit: 2, summary: 'A YAML file is not well-formed.' },
  FLOE_YAML_DUPLICATE_KEY: { exit: 2, summary: 'A YAML mapping repeats a key.' },
  FLOE_YAML_ALIAS_LIMIT: { exit: 2, summary: 'A YAML file expands too many aliases (possible alias bomb).' },
  // --- schema validation ------------------------------------------------------
  FLOE_CONFIG_INVALID: { exit: 2, summary: 'A value in a project or platform file has the wrong type or form.' },
  FLOE_CONFIG_UNKNOWN_KEY: { exit: 2, summary: 'A key that the file format does not define.' },
  FLOE_CONFIG_MISSING_KEY: { exit: 2, summary: 'A required key is missing.' },
  FLOE_CONFIG_SECRET_IN_PROJECT: { exit: 2, summary: 'A credential appears in floe.yaml; credentials belong in platform.yaml as references.' },
  FLOE_NAME_INVALID: { exit: 2, summary: 'A project, model or resource name does not match the allowed pattern.' },
  FLOE_VERSION_INVALID: { exit: 2, summary: 'A version is not valid semver.' },
  FLOE_API_VERSION_UNSUPPORTED: { exit: 2, summary: 'The apiVersion or kind of a file is not one this Floe reads.' },
  // --- resources --------------------------------------------------------------
  FLOE_MODEL_DUPLICATE: { exit: 2, summary: 'Two resources share a name.' },
  FLOE_MATERIALIZATION_UNKNOWN: { exit: 2, summary: 'An unknown materialization.' },
  FLOE_PROPERTY_UNKNOWN_MODEL: { exit: 2, summary: 'A property file describes a model that does not exist.' },
  FLOE_SEED_INVALID: { exit: 2, summary: 'A seed CSV is malformed (ragged rows, empty header, bad column type).' },
  FLOE_TEST_INVALID: { exit: 2, summary: 'A data test is misconfigured (unknown test, missing argument).' },
  FLOE_FEATURE_UNSUPPORTED: { exit: 2, summary: 'A dbt feature Floe does not support (a warning when it can be safely ignored).' },
  FLOE_PACKAGE_MISSING: { exit: 2, summary: 'packages.yml lists dbt packages that are not installed (run dbt deps), or an installed package cannot be read.' },
  // --- templating -------------------------------------------------------------
  FLOE_TEMPLATE_SYNTAX: { exit: 2, summary: 'A Jinja template does not parse (unclosed block, bad expression).' },
  FLOE_TEMPLATE_UNSUPPORTED: { exit: 2, summary: 'A Jinja feature outside the supported subset.' },
  FLOE_TEMPLATE_ERROR: { exit: 2, summary: 'A template failed while rendering (wrong argument, type error).' },
  FLOE_REF_UNKNOWN: { exit: 2, summary: 'ref() names a model, seed or snapshot that does not exist.' },
  FLOE_SOURCE_UNKNOWN: { exit: 2, summary: 'source() names a source table that is not declared.' },
  FLOE_MACRO_UNKNOWN: { exit: 2, summary: 'A template calls a macro or function that does not exist.' },
  FLOE_MACRO_DUPLICATE: { exit: 2, summary: 'Two macro files define a macro (or test block) with the same name.' },
  FLOE_VAR_UNKNOWN: { exit: 2, summary: 'var() names a variable with no value and no default.' },
  FLOE_ENV_VAR_MISSING: { exit: 2, summary: 'env_var() names an unset environment variable and gives no default.' },
  FLOE_VARS_INVALID: { exit: 2, summary: 'The --vars argument is not a YAML/JSON mapping.' },
  // --- graph, selection, schedules ---------------------------------------------
  FLOE_DAG_CYCLE: { exit: 2, summary: 'The dependency graph has a cycle.' },
  FLOE_SELECTOR_INVALID: { exit: 2, summary: 'A --select/--exclude expression does not parse or names an unknown method.' },
  FLOE_STATE_INVALID: { exit: 2, summary: 'The --state artifacts file is missing or unreadable.' },
  FLOE_SCHEDULE_INVALID: { exit: 2, summary: 'A schedule has an invalid cron expression.' },
  FLOE_SCHEDULE_TIMEZONE: { exit: 2, summary: 'A schedule names an unknown IANA timezone.' },
  FLOE_SCHEDULE_EMPTY: { exit: 2, summary: 'A schedule selects no node.' },
  // --- platform, targets, plugins -------------------------------------------------
  FLOE_ENVIRONMENT_UNKNOWN: { exit: 2, summary: 'The requested environment is not defined in platform.yaml.' },
  FLOE_COMPUTE_UNKNOWN: { exit: 2, summary: 'A logical compute name is not defined for the environment.' },
  FLOE_TARGET_UNKNOWN: { exit: 2, summary: 'A compute entry names a target type no plugin provides.' },
  FLOE_TARGET_CONFIG_INVALID: { exit: 2, summary: 'A compute entry does not match its target plugin\'s config schema.' },
  FLOE_CAPABILITY_MISSING: { exit: 2, summary: 'A model needs something its target cannot do.' },
  FLOE_CONFIG_REQUIRED: { exit: 2, summary: 'A model config lacks a key its materialization needs (e.g. merge without unique_key).' },
  FLOE_CROSS_COMPUTE_REF: { exit: 2, summary: 'A ref() crosses compute targets in a way the artifacts cannot express.' },
  FLOE_EXPERIMENTAL_NOT_ENABLED: { exit: 2, summary: 'An experimental target is used without opting in under experimental: in floe.yaml.' },
  FLOE_STREAMING_INVALID: { exit: 2, summary: 'A streaming model breaks a streaming rule (changelog mode, watermark, sink).' },
  FLOE_STREAMING_CHANGELOG: { exit: 2, summary: 'A streaming model writes an updating result (regular aggregation, outer join, Top-N) into an append-only topic.' },
  FLOE_STREAMING_WATERMARK_MISSING: { exit: 2, summary: 'A window function uses a time column that has no watermark.' },
  FLOE_STREAMING_STATE_UNBOUNDED: { exit: 2, summary: 'Warning: a regular join or group aggregation over a stream keeps state forever (no window, no state_ttl).' },
  FLOE_PLUGIN_NOT_FOUND: { exit: 2, summary: 'A plugin package named under plugins: is not installed.' },
  FLOE_PLUGIN_INVALID: { exit: 2, summary: 'A plugin package does not export a valid Floe plugin.' },
  FLOE_PLUGIN_INCOMPATIBLE: { exit: 2, summary: 'A plugin was built for an incompatible plugin apiVersion.' },
  FLOE_PLUGIN_DUPLICATE: { exit: 2, summary: 'Two plugins register the same name.' },
  FLOE_ARTIFACTS_INCOMPATIBLE: { exit: 2, summary: 'A compiled artifacts file has an unknown major artifactsVersion or does not validate.' },
  FLOE_ORCHESTRATOR_CONFIG_INVALID: { exit: 2, summary: 'The --config options of `floe orchestrate` do not match the orchestrator plugin\'s config schema.' },
  FLOE_OUTPUT_UNWRITABLE: { exit: 2, summary: 'An output folder or file could not be written; nothing was written.' },
  FLOE_CLI_USAGE: { exit: 2, summary: 'The command line is invalid.' },
  FLOE_PIPES_INVALID: { exit: 2, summary: 'The Dagster Pipes variables are malformed, or a Pipes report names an asset Dagster did not select.' },
  // --- execution ---------------------------------------------------------------
  FLOE_NODE_FAILED: { exit: 1, summary: 'A model, seed or snapshot failed while running.' },
  FLOE_TEST_FAILED: { exit: 1, summary: 'A data test failed.' },
  FLOE_RUN_CANCELLED: { exit: 1, summary: 'The run was cancelled (Ctrl-C); each relation stays at its old or new version.' },
  FLOE_SCHEMA_CHANGE: { exit: 1, summary: 'An incremental model\'s columns changed and on_schema_change is fail.' },
  FLOE_DEPLOY_FAILED: { exit: 1, summary: 'A streaming deployment step failed (topic, table or job); the message names the model and the step.' },
  FLOE_CONNECTION_FAILED: { exit: 3, summary: 'A compute target could not be reached or refused the credentials.' },
  FLOE_FLINK_STATEMENT_FAILED: { exit: 1, summary: 'Flink rejected or failed a SQL statement; the message carries Flink\'s root cause.' },
  FLOE_FLINK_REQUEST_FAILED: { exit: 3, summary: 'A Flink REST endpoint (JobManager or SQL Gateway) answered with an error or an unreadable response.' },
  FLOE_KAFKA_REQUEST_FAILED: { exit: 3, summary: 'A Kafka broker refused or failed an admin, produce or read request.' },
  FLOE_DATABASE_LOCKED: { exit: 3, summary: 'Another process holds the database file.' },
  FLOE_SECRET_MISSING: { exit: 3, summary: 'A { secret: } or { env: } reference has no value at connect time.' },
  FLOE_INTERNAL: { exit: 1, summary: 'An unexpected internal error (please report it, with --debug output).' },
} as const satisfies Record<string, { exit: 1 | 2 | 3; summary: string }>;

/** Every stable error code (see docs/error-codes.md). */
export type FloeErrorCode = keyof typeof ERROR_CODES;

/** The CLI exit code (1 failure, 2 invalid input, 3 unreachable target) of an error code. */
export function exitCodeFor(code: FloeErrorCode): 1 | 2 | 3 {
  return ERROR_CODES[code].exit;
}
