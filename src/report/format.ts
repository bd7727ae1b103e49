/** Small formatting helpers for terminal tables. */

export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e12 || abs < 1e-3)) return x.toExponential(2);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return x.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: Math.min(digits, abs >= 100 ? 1 : digits),
  });
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Renders rows as an aligned table; numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) =>
      rows.length > 0 && rows.every((r) => /^[-+]?[\d,.]+(e[-+]?\d+)?%?$|^[-–]$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function humanMinutes(minutes: number): string {
  if (minutes < 120) return `${fmt(minutes, 1)} min`;
  if (minutes < 2 * 1440) return `${fmt(minutes / 60, 1)} h`;
  return `${fmt(minutes / 1440, 1)} days`;
}

/** A progress bar on stderr, only when stderr is a terminal. */
export function progressBar(
  label: string,
  enabled: boolean,
): { update(done: number, total: number): void; end(): void } {
  const tty = enabled && process.stderr.isTTY;
  let last = -1;
  return {
    update(done, total) {
      if (!tty) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      if (filled === last) return;
      last = filled;
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
      );
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
