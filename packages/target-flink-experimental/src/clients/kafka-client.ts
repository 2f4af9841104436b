import { randomUUID } from 'node:crypto';
import { FloeError } from '@floe/core';
import type { Kafka, Admin, Consumer, Producer, ITopicConfig } from 'kafkajs';

// A small Kafka port for the Flink target and its tests. kafkajs (pure JS,
// effectively unmaintained) sits behind it so another client can replace it.

/** Offsets are decimal strings (Kafka offsets are int64). */
export type Offset = string;

export interface TopicSpec {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  config?: Record<string, string>;
}

export interface ProduceMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  /** Epoch ms or a Date; defaults to the broker/producer time. */
  timestamp?: number | Date;
  partition?: number;
  headers?: Record<string, string>;
}

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: Offset;
  /** Epoch ms. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still in the log. */
  low: Offset;
  /** Next offset to be written (for read_committed: the last stable offset). */
  high: Offset;
}

export interface GroupLag {
  topic: string;
  partition: number;
  /** Committed offset, or null when the group has committed nothing for this partition. */
  committed: Offset | null;
  high: Offset;
  /** Messages not yet consumed: high - committed (or high - low when nothing is committed). */
  lag: number;
}

export interface ReadAllOptions {
  /** Start at the low watermarks (default true). With false, `fromOffsets` says where to start. */
  fromBeginning?: boolean;
  fromOffsets?: Record<number, Offset>;
  /** Stop at these offsets (exclusive); default: the high watermarks when the read starts, so the read is bounded. */
  untilOffsets?: Record<number, Offset>;
  /** Bound for the whole read. Default 30 s. */
  timeoutMs?: number;
}

export interface KafkaClient {
  createTopics(topics: TopicSpec[], options?: { ifNotExists?: boolean }): Promise<string[]>;
  deleteTopics(names: string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  produce(topic: string, messages: ProduceMessage[]): Promise<void>;
  /** A bounded read of a topic's current content (committed records only). */
  readAll(topic: string, options?: ReadAllOptions): Promise<KafkaRecord[]>;
  offsets(topic: string): Promise<PartitionOffsets[]>;
  consumerGroupLag(groupId: string): Promise<GroupLag[]>;
  close(): Promise<void>;
}

export interface KafkaClientOptions {
  /** e.g. `['127.0.0.1:9092']`. */
  brokers: string[];
  clientId?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Connection retries before a request fails. Default 2 (fail fast). */
  retries?: number;
}

export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  return new KafkajsClient(options);
}

class KafkajsClient implements KafkaClient {
  // kafkajs loads on first use, so loading this package (every CLI command) does not pay for it.
  private kafkaInstance: Promise<Kafka> | undefined;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaClientOptions) {}

  private kafka(): Promise<Kafka> {
    const options = this.options;
    this.kafkaInstance ??= import('kafkajs').then(
      ({ Kafka, logLevel }) =>
        new Kafka({
          brokers: options.brokers,
          clientId: options.clientId ?? 'floe',
          connectionTimeout: options.connectionTimeoutMs ?? 3_000,
          requestTimeout: options.requestTimeoutMs ?? 30_000,
          retry: { retries: options.retries ?? 2, initialRetryTime: 100, maxRetryTime: 1_000 },
          logLevel: logLevel.NOTHING,
        }),
    );
    return this.kafkaInstance;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = (await this.kafka()).admin();
      await this.guard('connect', () => admin.connect());
      this.admin = admin;
    }
    return this.admin;
  }

  async createTopics(topics: TopicSpec[], options: { ifNotExists?: boolean } = {}): Promise<string[]> {
    const admin = await this.getAdmin();
    const existing = new Set(await this.guard('list topics', () => admin.listTopics()));
    const wanted = topics.filter((t) => !existing.has(t.name));
    const clash = topics.filter((t) => existing.has(t.name));
    if (clash.length && !options.ifNotExists) {
      throw new FloeError('FLOE_KAFKA_REQUEST_FAILED', `Kafka topic(s) already exist: ${clash.map((t) => t.name).join(', ')}.`, { hint: 'Pass ifNotExists to accept existing topics.' });
    }
    if (wanted.length === 0) return [];
    const specs: ITopicConfig[] = wanted.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions ?? 1,
      replicationFactor: t.replicationFactor ?? 1,
      configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
    }));
    await this.guard('create topics', () => admin.createTopics({ topics: specs, waitForLeaders: true }));
    return wanted.map((t) => t.name);
  }

  async deleteTopics(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const admin = await this.getAdmin();
    const existing = new Set(await this.guard('list topics', () => admin.listTopics()));
    const present = names.filter((n) => existing.has(n));
    if (present.length) await this.guard('delete topics', () => admin.deleteTopics({ topics: present }));
  }

  async listTopics(): Promise<string[]> {
    const admin = await this.getAdmin();
    return (await this.guard('list topics', () => admin.listTopics())).filter((t) => !t.startsWith('__')).sort();
  }

  async produce(topic: string, messages: ProduceMessage[]): Promise<void> {
    if (!this.producer) {
      const producer = (await this.kafka()).producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
      await this.guard('connect', () => producer.connect());
      this.producer = producer;
    }
    const producer = this.producer;
    await this.guard(`produce to ${topic}`, () =>
      producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({
          key: m.key ?? null,
          value: m.value,
          ...(m.partition !== undefined ? { partition: m.partition } : {}),
          ...(m.timestamp !== undefined ? { timestamp: String(m.timestamp instanceof Date ? m.timestamp.getTime() : m.timestamp) } : {}),
          ...(m.headers ? { headers: m.headers } : {}),
        })),
      }),
    );
  }

  async offsets(topic: string): Promise<PartitionOffsets[]> {
    const admin = await this.getAdmin();
    const rows = await this.guard(`offsets of ${topic}`, () => admin.fetchTopicOffsets(topic));
    return rows.map((r) => ({ partition: r.partition, low: r.low, high: r.high })).sort((a, b) => a.partition - b.partition);
  }

  async readAll(topic: string, options: ReadAllOptions = {}): Promise<KafkaRecord[]> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const offsets = await this.offsets(topic);
    const from = new Map<number, bigint>();
    const until = new Map<number, bigint>();
    for (const p of offsets) {
      const start = options.fromBeginning === false ? options.fromOffsets?.[p.partition] ?? p.high : options.fromOffsets?.[p.partition] ?? p.low;
      const end = options.untilOffsets?.[p.partition] ?? p.high;
      if (BigInt(end) > BigInt(start)) {
        from.set(p.partition, BigInt(start));
        until.set(p.partition, BigInt(end));
      }
    }
    if (until.size === 0) return [];

    const groupId = `floe-read-${randomUUID()}`;
    const consumer = (await this.kafka()).consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 250, readUncommitted: false });
    this.consumers.add(consumer);
    const records: KafkaRecord[] = [];
    const position = new Map<number, bigint>(); // next offset to read, per partition
    for (const [p, o] of from) position.set(p, o);
    const finished = () => [...until].every(([p, end]) => (position.get(p) ?? 0n) >= end);
    try {
      await this.guard('connect', () => consumer.connect());
      await this.guard(`subscribe to ${topic}`, () => consumer.subscribe({ topics: [topic], fromBeginning: true }));
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => { resolveDone = r; });
      // END_BATCH_PROCESS also fires for batches holding only transaction markers, which advance the position too.
      consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
        const { partition, lastOffset } = e.payload as { partition: number; lastOffset: string };
        const next = BigInt(lastOffset) + 1n;
        if (next > (position.get(partition) ?? 0n)) position.set(partition, next);
        if (finished()) resolveDone();
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [p, o] of from) consumer.seek({ topic, partition: p, offset: o.toString() });
      });
      await this.guard(`read ${topic}`, () =>
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          eachBatch: async ({ batch }) => {
            const end = until.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) {
              const off = BigInt(m.offset);
              if (off < (from.get(batch.partition) ?? 0n) || off >= end) continue;
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
              records.push({ topic, partition: batch.partition, offset: m.offset, timestamp: Number(m.timestamp), key: m.key ?? null, value: m.value ?? null, headers });
            }
          },
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
      const outcome = await Promise.race([done.then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        const behind = [...until].filter(([p, end]) => (position.get(p) ?? 0n) < end).map(([p, end]) => `partition ${p} at ${position.get(p) ?? '?'} of ${end}`);
        throw new FloeError('FLOE_KAFKA_REQUEST_FAILED', `Reading ${topic} did not reach the end offsets within ${timeoutMs} ms (${behind.join(', ')}).`, {
          hint: 'An open transaction holds back read_committed reads until it commits (for a Flink exactly-once sink: at the next checkpoint).',
        });
      }
    } finally {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      await this.getAdmin().then((a) => a.deleteGroups([groupId])).catch(() => undefined);
    }
    return records.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  }

  async consumerGroupLag(groupId: string): Promise<GroupLag[]> {
    const admin = await this.getAdmin();
    const committed = await this.guard(`offsets of group ${groupId}`, () => admin.fetchOffsets({ groupId }));
    const out: GroupLag[] = [];
    for (const t of committed) {
      const offs = await this.offsets(t.topic);
      for (const p of t.partitions) {
        const o = offs.find((x) => x.partition === p.partition);
        if (!o) continue;
        const c = p.offset === '-1' ? null : p.offset;
        const lag = Number(BigInt(o.high) - BigInt(c ?? o.low));
        out.push({ topic: t.topic, partition: p.partition, committed: c, high: o.high, lag: Math.max(0, lag) });
      }
    }
    return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect().catch(() => undefined)));
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
  }

  /** Maps kafkajs errors to FloeErrors: unreachable brokers → FLOE_CONNECTION_FAILED, the rest → FLOE_KAFKA_REQUEST_FAILED. */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof FloeError) throw e;
      const err = e as { name?: string; message?: string; originalError?: { name?: string; message?: string } };
      const name = err.name ?? '';
      const inner = err.originalError?.name ?? '';
      const connection = /Connection|NumberOfRetriesExceeded|BrokerNotFound|RequestTimeout/.test(name) && (/Connection|BrokerNotFound/.test(inner) || /Connection/.test(name) || /ECONNREFUSED|connect/i.test(err.message ?? ''));
      if (connection) {
        throw new FloeError('FLOE_CONNECTION_FAILED', `Could not reach Kafka at ${this.options.brokers.join(',')} (${what}): ${err.originalError?.message ?? err.message}`, {
          cause: e,
          hint: 'Is the broker running? `floe dev up` starts a local one on 127.0.0.1:9092.',
        });
      }
      throw new FloeError('FLOE_KAFKA_REQUEST_FAILED', `Kafka failed to ${what}: ${err.message ?? String(e)}`, { cause: e });
    }
  }
}
