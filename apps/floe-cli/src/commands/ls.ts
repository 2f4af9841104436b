import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FloeError, parseArtifacts, selectNodes, type GraphResourceType } from '@floe/core';
import type { CommonOptions, Io } from '../context';
import { compileForCli } from '../project-compile';

export interface LsOptions extends CommonOptions {
  resourceType?: string[];
  output?: 'name' | 'path' | 'id' | 'json';
}

/** `floe ls`: lists the nodes a selection matches. */
export async function lsCommand(opts: LsOptions, io: Io): Promise<number> {
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const { artifacts, graph } = compiled.result;
  const state = opts.state ? await readState(opts.state) : undefined;
  const ids = selectNodes(graph!, {
    ...(opts.select ? { select: opts.select } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(state ? { state } : {}),
    ...(opts.resourceType ? { resourceTypes: opts.resourceType as GraphResourceType[] } : {}),
  });
  const rows = ids.map((id) => {
    const n = artifacts!.nodes[id];
    const s = artifacts!.sources[id];
    return { id, name: n?.name ?? (s ? `${s.sourceName}.${s.name}` : id), resourceType: n?.resourceType ?? 'source', path: n?.path ?? s?.path ?? '', materialized: n?.materialized };
  });
  if (opts.json || opts.output === 'json') {
    io.out(JSON.stringify(rows, null, 2) + '\n');
  } else {
    for (const r of rows) io.out(`${opts.output === 'path' ? r.path : opts.output === 'id' ? r.id : r.name}\n`);
    if (rows.length === 0) io.err('No nodes match the selection.\n');
  }
  return 0;
}

export async function readState(path: string) {
  let text: string;
  const file = resolve(path).endsWith('.json') ? resolve(path) : resolve(path, 'compiled_artifacts.json');
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new FloeError('FLOE_STATE_INVALID', `--state: cannot read ${file}`, { hint: 'Point --state at a previous target/ folder or compiled_artifacts.json.' });
  }
  const prev = parseArtifacts(text, file);
  return { nodes: Object.fromEntries(Object.values(prev.nodes).map((n) => [n.id, { checksum: n.checksum, config: n.config }])) };
}
