// `floe init` scaffolds a copy of examples/shop; the package ships it as templates/init.
const { cpSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const from = join(__dirname, '..', '..', '..', 'examples', 'shop');
const to = join(__dirname, '..', 'templates', 'init');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (src) => !/[\\/](target|node_modules)([\\/]|$)/.test(src.slice(from.length)) });
