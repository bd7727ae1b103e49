/**
 * A chart's numbers as a table, under it: a chart is an image to a screen reader (the tooltips of
 * its points and bars are not read, and a keyboard never reaches them), so the numbers it draws
 * are also given as text, in a table folded under the chart (a <details> whose summary a keyboard
 * reaches), for anyone who cannot see the chart or wants its numbers. One helper for the lesson's
 * curve and a run's charts, so that every chart's table is made, named and reached the same way.
 */
import { esc } from '../../src/report/svg-chart';
import { t } from './i18n';

/**
 * A table in a box that scrolls sideways on a narrow screen, so the page does not: focusable,
 * so a keyboard can scroll it too, and named for a screen reader by the table's caption.
 */
export function scrollBox(label: string, table: string): string {
  return `<div class="table-scroll" role="region" tabindex="0" aria-label="${esc(label)}">${table}</div>`;
}

export interface ChartData {
  /** What the numbers are: the chart's title, with their unit where one unit serves them all. */
  caption: string;
  /** The columns' headers, each with its unit; the first is the rows' own (the chart's x). */
  columns: string[];
  /** One row per point or bar: its x (the row's header), then its numbers as the chart writes them. */
  rows: string[][];
  /** Open when drawn (a table the reader opened stays open when its chart is drawn anew). */
  open?: boolean;
  /** The <details>' data-testid, where a test looks for this chart's table by name. */
  testid?: string;
}

/** Numbers the tables' ids, so that each chart on the page points at its own. */
let tables = 0;

/**
 * The chart (an `<svg role="img">` from src/report/svg-chart.ts, named by its title and
 * description) described by its table's summary, which says the numbers follow, and the table:
 * `<details class="chart-data">` with a summary, a caption and header cells scoped to their
 * columns and rows. `chart` is placed where the chart goes, `table` right under it.
 */
export function chartWithData(svg: string, data: ChartData): { chart: string; table: string } {
  const id = `chart-data-${++tables}`;
  const rows = data.rows
    .map(
      ([head, ...cells]) =>
        `<tr><th scope="row">${esc(head)}</th>${cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  const table = `<details class="chart-data" id="${id}"${data.testid ? ` data-testid="${esc(data.testid)}"` : ''}${data.open ? ' open' : ''}><summary id="${id}-s">${esc(t('chartTableSummary', { caption: data.caption }))}</summary>${scrollBox(
    data.caption,
    `<table class="data"><caption>${esc(data.caption)}</caption><thead><tr>${data.columns
      .map((c) => `<th scope="col">${esc(c)}</th>`)
      .join('')}</tr></thead><tbody>${rows}</tbody></table>`,
  )}</details>`;
  return { chart: svg.replace(/^<svg /, `<svg aria-describedby="${id}-s" `), table };
}
