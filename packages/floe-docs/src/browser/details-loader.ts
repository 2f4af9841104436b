import type { DocsNodeDetails, DocsSiteIndex } from '../data/types';

declare global {
  interface Window {
    __floeDocsDetails?: (chunk: number, details: DocsNodeDetails[]) => void;
  }
}

/**
 * Loads node details in chunks by adding a <script> tag (works from file://,
 * where fetch() of local files is blocked). Each chunk is loaded once.
 */
export class DetailsLoader {
  private readonly chunks = new Map<number, DocsNodeDetails[]>();
  private readonly pending = new Map<number, Promise<DocsNodeDetails[]>>();
  private readonly waiters = new Map<number, (d: DocsNodeDetails[]) => void>();

  constructor(private readonly index: DocsSiteIndex) {
    window.__floeDocsDetails = (chunk, details) => {
      this.chunks.set(chunk, details);
      this.waiters.get(chunk)?.(details);
      this.waiters.delete(chunk);
    };
  }

  /** Details of node i, or undefined when its chunk is not loaded yet. */
  peek(i: number): DocsNodeDetails | undefined {
    return this.chunks.get(Math.floor(i / this.index.chunkSize))?.[i % this.index.chunkSize];
  }

  async load(i: number): Promise<DocsNodeDetails> {
    const chunk = Math.floor(i / this.index.chunkSize);
    let p = this.pending.get(chunk);
    if (!p) {
      const loaded = this.chunks.get(chunk);
      p = loaded
        ? Promise.resolve(loaded)
        : new Promise<DocsNodeDetails[]>((resolve, reject) => {
            this.waiters.set(chunk, resolve);
            const script = document.createElement('script');
            script.src = `assets/details/${chunk}.js`;
            script.onerror = () => {
              this.pending.delete(chunk);
              reject(new Error(`could not load assets/details/${chunk}.js`));
            };
            document.head.appendChild(script);
          });
      this.pending.set(chunk, p);
    }
    const details = await p;
    return details[i % this.index.chunkSize]!;
  }
}
