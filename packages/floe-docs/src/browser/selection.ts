import { DependencyGraph, resolveSelection, type GraphNode } from '@floe/core/graph';
import type { DocsModel } from './model';

/**
 * `--select`-style filtering in the page, with floe-core's own selector
 * implementation (parser, methods, graph operators, test expansion) bundled
 * for the browser: the page selects exactly what `floe ls --select` would,
 * except `state:` (the page has no previous artifacts to compare with).
 */
export class Selector {
  private graph: DependencyGraph | undefined;

  constructor(private readonly model: DocsModel) {}

  /** A mask over the model's nodes, or an error message for a bad selector. */
  select(expression: string, exclude = ''): { mask: Uint8Array; count: number } | { error: string } {
    this.graph ??= new DependencyGraph(this.model.nodes.map(toGraphNode));
    try {
      const { ids } = resolveSelection(this.graph, {
        select: expression.trim() ? [expression] : [],
        ...(exclude.trim() ? { exclude: [exclude] } : {}),
      });
      const mask = new Uint8Array(this.model.nodes.length);
      for (const id of ids) {
        const i = this.model.index.get(id);
        if (i !== undefined) mask[i] = 1;
      }
      return { mask, count: ids.length };
    } catch (e) {
      const hint = (e as { hint?: unknown }).hint;
      return { error: `${e instanceof Error ? e.message : String(e)}${typeof hint === 'string' ? ` (${hint})` : ''}` };
    }
  }
}

function toGraphNode(n: DocsModel['nodes'][number]): GraphNode {
  const g: GraphNode = {
    id: n.id,
    resourceType: n.resourceType,
    name: n.name,
    dependsOn: n.dependsOn,
    tags: n.tags,
    path: n.path,
    fqn: n.fqn,
    packageName: n.packageName,
    config: n.config,
  };
  if (n.sourceName !== undefined) g.sourceName = n.sourceName;
  if (n.test) {
    g.testMeta = { kind: n.test.kind };
    if (n.test.testName) g.testMeta.testName = n.test.testName;
    if (n.test.attachedTo) g.testMeta.attachedTo = n.test.attachedTo;
  }
  return g;
}
