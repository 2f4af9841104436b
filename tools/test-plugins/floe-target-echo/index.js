'use strict';
// A third-party target written only against @floe/core's public API.
const { z } = require('zod');
const { defineTarget, DEFAULT_CAPABILITIES, FloeError } = require('@floe/core');

const quote = (s) => '`' + s.replace(/`/g, '``') + '`';

module.exports = defineTarget({
  name: 'echo',
  apiVersion: process.env.FLOE_ECHO_API_VERSION || '1.0',
  stability: 'stable',
  configSchema: z.object({ type: z.literal('echo'), schema: z.string().default('echo_schema') }).strict(),
  capabilities: { ...DEFAULT_CAPABILITIES, seeds: true },
  createDialect: (config) => ({
    name: 'echo',
    defaultSchema: config.schema,
    quoteIdentifier: quote,
    quoteLiteral: (v) => "'" + v.replace(/'/g, "''") + "'",
    renderRelation: (r) => [r.schema, r.identifier].map(quote).join('.'),
    mapType: (t) => t,
  }),
  connect: async () => {
    throw new FloeError('FLOE_CONNECTION_FAILED', 'the echo target only compiles');
  },
});
