#!/usr/bin/env node
// Produces a deterministic set of click events with event-time timestamps to the
// `clicks` topic, and prints what the pipeline must compute from them (clicks per
// user and 1-minute window) as JSON on stdout.
//
//   node scripts/generate-clicks.mjs [--brokers 127.0.0.1:9092] [--topic clicks]
//        [--users 5] [--minutes 4] [--events 400] [--seed 7] [--start 2026-01-01T00:00:00Z] [--dry-run]
//
// A last event of user "~watermark" lies one minute plus the watermark delay after
// the last window, so every real window is closed and emitted; its own window stays open.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: '127.0.0.1:9092' },
    topic: { type: 'string', default: 'clicks' },
    users: { type: 'string', default: '5' },
    minutes: { type: 'string', default: '4' },
    events: { type: 'string', default: '400' },
    seed: { type: 'string', default: '7' },
    start: { type: 'string', default: '2026-01-01T00:00:00Z' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const users = Number(values.users);
const minutes = Number(values.minutes);
const count = Number(values.events);
const start = Date.parse(values.start);
let state = Number(values.seed) >>> 0;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);

/** `2026-01-01 00:00:12.345`: Flink's default JSON timestamp format. */
const fmt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

// Events in event-time order, with a little out-of-order jitter (under the 5 s watermark delay).
const events = [];
for (let i = 0; i < count; i++) {
  const base = start + Math.floor((i / count) * minutes * 60_000);
  const ts = Math.max(start, base - Math.floor(rand() * 3_000));
  events.push({ user_id: `u${Math.floor(rand() * users)}`, url: `/p/${Math.floor(rand() * 20)}`, ts });
}
const expected = {};
for (const e of events) {
  // Keyed the way the sink's JSON spells window_start (Flink drops zero milliseconds).
  const w = fmt(Math.floor(e.ts / 60_000) * 60_000).slice(0, 19);
  expected[`${e.user_id}|${w}`] = (expected[`${e.user_id}|${w}`] ?? 0) + 1;
}
const closer = { user_id: '~watermark', url: '/', ts: start + (minutes + 1) * 60_000 + 10_000 };
const records = [...events, closer].map((e) => ({ key: e.user_id, value: JSON.stringify({ user_id: e.user_id, url: e.url, ts: fmt(e.ts) }), timestamp: String(e.ts) }));

if (!values['dry-run']) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'clickstream-generator', brokers: values.brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: values.topic, numPartitions: 1 }], waitForLeaders: true }).catch(() => false);
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < records.length; i += 500) await producer.send({ topic: values.topic, messages: records.slice(i, i + 500) });
  await producer.disconnect();
}
console.log(JSON.stringify({ topic: values.topic, produced: values['dry-run'] ? 0 : records.length, events: events.length, windows: Object.keys(expected).length, expected }, null, 2));
