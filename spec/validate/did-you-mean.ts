/** "Did you mean ...?" hints for names that exist nowhere: the closest known name. */

/** Edit distance where swapping two adjacent letters counts as one edit (`wbe` -> `web`). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The known name closest to `name`, if it is close enough to be a likely typo. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** `did you mean "web"? (known: web, db)`, or just the known names when none is close. */
export function didYouMean(name: string, known: readonly string[], what: string): string {
  const shown =
    known.length === 0
      ? `no ${what} is declared`
      : `known: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}`;
  const guess = closestName(name, known);
  return guess === undefined
    ? `name an existing ${what} (${shown})`
    : `did you mean "${guess}"? (${shown})`;
}
