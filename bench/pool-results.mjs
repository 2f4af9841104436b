// Merging the raw results of several bench runs (`run.mjs --from-json`).

/**
 * One row per figure, size and command: a measurement repeated in several runs has every
 * repetition of every run in its row, so its median is taken over all of them. A figure that
 * swings with the machine's spells is then not decided by whichever run is listed first.
 * A row is marked failed when it failed in any run; the repetitions that succeeded still count.
 */
export function poolResults(results) {
  const rows = new Map();
  for (const r of results) {
    const key = JSON.stringify([r.figure, r.size, r.tool]);
    const row = rows.get(key);
    if (!row) rows.set(key, { figure: r.figure, size: r.size, tool: r.tool, ms: [...r.ms], cpuMs: [...r.cpuMs], rssMB: [...r.rssMB], failed: r.failed });
    else {
      row.ms.push(...r.ms);
      row.cpuMs.push(...r.cpuMs);
      row.rssMB.push(...r.rssMB);
      row.failed ||= r.failed;
    }
  }
  return [...rows.values()];
}
