// Writes the JSON Schemas shipped with @floe/core (editors' yaml-language-server,
// the Dagster loader) from the freshly built dist/.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const core = require('../dist/internal.js');
const out = join(__dirname, '..', 'schemas');
mkdirSync(out, { recursive: true });
const write = (name, schema) => writeFileSync(join(out, name), JSON.stringify(schema, null, 2) + '\n');
write('floe.schema.json', core.floeYamlJsonSchema());
write('platform.schema.json', core.platformYamlJsonSchema());
write('compiled-artifacts.schema.json', core.artifactsJsonSchema());
