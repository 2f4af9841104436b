export { loadProject, resolveConfig, type LoadOptions, type LoadResult } from './load-project';
export { floeYamlJsonSchema, platformYamlJsonSchema, floeYamlSchema, platformYamlSchema, API_VERSION } from './schemas';
export { parseYamlFile, MAX_ALIAS_COUNT, type ParsedYaml, type YamlPath } from './yaml-file';
export { parseCsv, type CsvOptions, type CsvResult } from './csv';
export { KNOWN_CONFIG_KEYS, MATERIALIZATIONS, TEST_CONFIG_KEYS, isCredentialKey } from './config-keys';
export { checkCron, isValidTimezone } from './cron';
