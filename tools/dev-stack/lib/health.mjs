// Health probes: a Kafka Metadata request over a raw socket (no client
// library, so the stack scripts need no npm install), and JSON GETs for the
// Flink REST endpoints. Every probe has its own timeout.
import net from 'node:net';

/**
 * Sends a Metadata v4 request (the lowest version Kafka 4 still accepts,
 * KIP-896) and returns the brokers the cluster reports, or undefined.
 * @returns {Promise<{ brokers: { nodeId: number, host: string, port: number }[] } | undefined>}
 */
export function kafkaMetadata(port, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve) => {
    const clientId = Buffer.from('floe-dev-stack');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
    let o = 0;
    o = body.writeInt16BE(3, o); // api key: Metadata
    o = body.writeInt16BE(4, o); // api version
    o = body.writeInt32BE(1, o); // correlation id
    o = body.writeInt16BE(clientId.length, o);
    o += clientId.copy(body, o);
    o = body.writeInt32BE(-1, o); // topics: null = all
    body.writeInt8(0, o); // allow_auto_topic_creation
    const frame = Buffer.concat([Buffer.alloc(4), body]);
    frame.writeInt32BE(body.length, 0);

    const socket = net.connect({ port, host });
    let buf = Buffer.alloc(0);
    const done = (v) => { socket.destroy(); resolve(v); };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write(frame));
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      try {
        let p = 4;
        p += 4; // correlation id
        p += 4; // throttle_time_ms
        const n = buf.readInt32BE(p); p += 4;
        const brokers = [];
        for (let i = 0; i < n; i++) {
          const nodeId = buf.readInt32BE(p); p += 4;
          const hl = buf.readInt16BE(p); p += 2;
          const h = buf.toString('utf8', p, p + hl); p += hl;
          const port2 = buf.readInt32BE(p); p += 4;
          const rl = buf.readInt16BE(p); p += 2;
          if (rl > 0) p += rl;
          brokers.push({ nodeId, host: h, port: port2 });
        }
        done({ brokers });
      } catch {
        done(undefined);
      }
    });
  });
}

/** GET a JSON document; undefined on any failure (connection, status, parse, timeout). */
export async function getJson(url, timeoutMs = 2000) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return await res.json();
  } catch {
    return undefined;
  }
}
