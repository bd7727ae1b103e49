/**
 * The teaching path: the M/M/c lesson (Erlang C beside simulated points with confidence
 * intervals, and why short runs scatter) and an animated view of one station.
 */
import { lineChart, esc, PALETTE } from '../../src/report/svg-chart';
import { createSampler } from '../../src/sim/distributions';
import { mmc } from '../../src/sim/erlang';
import { Rng } from '../../src/sim/rng';
import { confidenceInterval } from '../../src/sim/stats';
import { num, pctText, t } from './i18n';
import { linkValue } from './link';
import { CancelledError, type WorkerPool } from './pool';
import { failureText } from './failure';
import { chartWithData, type ChartData } from './chart-data';

interface Rates {
  lambda: number;
  mu: number;
  c: number;
}

/** Each rate's slider: its range, step and the value it starts at. One table for both views. */
const SLIDERS: Record<keyof Rates, { min: number; max: number; step: number; start: number }> = {
  lambda: { min: 0.5, max: 40, step: 0.5, start: 9 },
  mu: { min: 0.1, max: 5, step: 0.1, start: 1 },
  c: { min: 1, max: 40, step: 1, start: 10 },
};

/** The URL's names of the rates, as the lesson and the station write them. */
export const RATE_KEYS = ['lambda', 'mu', 'c'] as const;

/** A rate a link gave that the sliders cannot show: what it said, and the value used instead. */
export interface RateProblem {
  key: keyof Rates;
  given: string;
  used: number;
}

/** A number as a link writes one: decimal digits, a point, an exponent (not `0x10`, `Infinity`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The rates a link asks for, as the sliders can show them: clamped to the slider's range and
 * snapped to its step (as a range input snaps a value), so the numbers used are the ones shown.
 * A value that is missing or not a number gives the slider's start. Each value given that is
 * not used as given is a problem, for the page to say so (a link mistyped by hand, or cut).
 */
export function ratesFromLink(q: URLSearchParams): { rates: Rates; problems: RateProblem[] } {
  const problems: RateProblem[] = [];
  const n = (k: keyof Rates): number => {
    const { min, max, step, start } = SLIDERS[k];
    const given = q.get(k);
    if (given === null) return start;
    const v = DECIMAL.test(given.trim()) ? Number(given.trim()) : NaN;
    let used = start;
    if (Number.isFinite(v)) {
      const snapped = min + Math.round((Math.min(max, Math.max(min, v)) - min) / step) * step;
      // Round away the binary fraction the step leaves (0.1 * 3 = 0.30000000000000004).
      used = Number(Math.min(max, snapped).toFixed(6));
    }
    if (used !== v) problems.push({ key: k, given, used });
    return used;
  };
  return { rates: { lambda: n('lambda'), mu: n('mu'), c: n('c') }, problems };
}

/** The rates a link asks for, as the sliders show them (see ratesFromLink). */
export function ratesFrom(q: URLSearchParams): Rates {
  return ratesFromLink(q).rates;
}

/** What the page says of a link's rate it did not use: the parameter, its rule, the value used. */
export function rateProblemText(p: RateProblem): string {
  const { min, max, step } = SLIDERS[p.key];
  // A link's value is shown as given, cut short (a link may carry anything, of any length).
  const given = linkValue(p.given);
  return t('rateFromLink', {
    key: p.key,
    given,
    label: t(p.key),
    min: num(min),
    max: num(max),
    step: num(step),
    used: num(p.used),
  });
}

function readRates(): { rates: Rates; problems: RateProblem[] } {
  const read = ratesFromLink(new URLSearchParams(location.search));
  // A link's value the sliders cannot show is rewritten as the one they show (and use).
  if (read.problems.length) writeRates(read.rates);
  return read;
}

function writeRates(r: Rates): void {
  const q = new URLSearchParams(location.search);
  for (const k of RATE_KEYS) q.set(k, String(r[k]));
  history.replaceState(null, '', `${location.pathname}?${q.toString()}`);
}

function slider(
  id: string,
  label: string,
  value: number,
  min: number,
  max: number,
  step: number,
): string {
  return `<div class="field slider"><label for="${id}">${esc(label)}</label><div class="inputs"><input type="range" id="${id}" min="${min}" max="${max}" step="${step}" value="${value}"><output for="${id}" id="${id}-out">${num(value)}</output></div></div>`;
}

function ratesForm(r: Rates, problems: RateProblem[]): string {
  const one = (k: keyof Rates) =>
    slider(k, t(k), r[k], SLIDERS[k].min, SLIDERS[k].max, SLIDERS[k].step);
  // The link's values not used, each named with its rule, above the sliders that replaced them.
  const note = problems.length
    ? `<div class="warn" role="alert" data-testid="rates-note">${problems.map((p) => `<p>${esc(rateProblemText(p))}</p>`).join('')}</div>`
    : '';
  return `${note}<fieldset class="rates"><legend>λ, μ, c</legend>${one('lambda')}${one('mu')}${one('c')}</fieldset>`;
}

/**
 * Called after a slider's rate is written into the URL, so that the page's links (the tabs)
 * carry it.
 */
export type OnRates = () => void;

function bindRates(root: HTMLElement, r: Rates, onChange: () => void, onRates?: OnRates): void {
  for (const key of ['lambda', 'mu', 'c'] as const) {
    const input = root.querySelector<HTMLInputElement>(`#${key}`) as HTMLInputElement;
    input.addEventListener('input', () => {
      r[key] = Number(input.value);
      (root.querySelector(`#${key}-out`) as HTMLElement).textContent = num(r[key]);
      writeRates(r);
      onRates?.();
      onChange();
    });
  }
}

/**
 * A button busy with its run: marked unavailable (aria-disabled) but not `disabled`, which would
 * drop a keyboard user's focus to the page's body when it was the button pressed. A click on a
 * busy button is ignored.
 */
function setBusy(button: HTMLButtonElement, busy: boolean): void {
  if (busy) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

function isBusy(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-disabled') === 'true';
}

// ---------------------------------------------------------------- M/M/c lesson

/** The line under a stopped simulation: how many of its points were finished (and are drawn). */
export function stoppedText(kept: number, total: number, R: number, N: number): string {
  return kept === 0
    ? t('simStoppedNone')
    : t('simStopped', { done: kept, total, reps: R, n: num(N, 0) });
}

/** The line under a stopped scatter table: how many of its rows were finished (and are shown). */
export function scatterStoppedText(kept: number, total: number): string {
  return kept === 0 ? t('scatterStoppedNone') : t('scatterStopped', { done: kept, total });
}

interface Point {
  c: number;
  mean: number;
  lo: number;
  hi: number;
}

interface ScatterRow {
  N: number;
  mean: number;
  halfWidth: number;
  min: number;
  max: number;
}

/** The lesson's choices of customers per replication for Simulate, and the one picked at first. */
const SIM_N = [5000, 20000, 100000];
const SIM_N_START = 20000;

/** The scatter table's run lengths, in customers: each row is 10 replications of one of them. */
const SCATTER_N = [1000, 10000, 100000];

/**
 * What the lesson last showed, kept when the lesson is left (another tab, Back or Forward, the
 * language) and shown again when it is drawn: the simulated points with their line, for the
 * rates they were simulated at, and the scatter table with its line. A line is a function, so
 * that it is written in the language of the page that shows it.
 */
const memory: {
  sim?: { rates: string; points: Point[]; note: () => string };
  scatter?: { at: Rates; erlangWq: number; rows: ScatterRow[]; note: () => string };
} = {};

function ratesKey(r: Rates): string {
  return `${r.lambda}/${r.mu}/${r.c}`;
}

/**
 * Bumped by every simulation, every slider move and every leaving of the lesson: a simulation
 * whose number is no longer current was run for other rates, or for a page left, and writes
 * nothing.
 */
let lessonRun = 0;
/** The same for the scatter table (a slider does not stop it: its caption names its rates). */
let scatterRun = 0;
/** What each run under way does when the lesson is left: stop, and keep what it finished. */
const underway = new Set<() => void>();

/**
 * Stops every run the lesson started, when it is left (another tab, Back or Forward, the
 * language; the page is drawn anew): their workers are freed, what they finished is kept with
 * a line saying they were stopped, and nothing they were still doing is written afterwards.
 */
export function stopLesson(): void {
  lessonRun++;
  scatterRun++;
  for (const leave of [...underway]) leave();
  underway.clear();
}

function scatterTable(s: NonNullable<(typeof memory)['scatter']>): string {
  if (!s.rows.length) return '';
  const rows = s.rows
    .map(
      (x) =>
        `<tr><th scope="row">${esc(num(x.N, 0))}</th><td class="num">${esc(`${num(x.mean)} ± ${num(x.halfWidth)}`)}</td><td class="num">${esc(`${num(x.min)} – ${num(x.max)}`)}</td><td class="num">${esc(num(s.erlangWq))}</td></tr>`,
    )
    .join('');
  return `<table class="data" data-testid="scatter-table"><caption>${esc(t('wq'))}, ${esc(t('minutes'))} (λ ${num(s.at.lambda)}, μ ${num(s.at.mu)}, c ${s.at.c})</caption><thead><tr><th scope="col">${esc(t('nCustomers'))}</th><th scope="col">${esc(t('meanOfRuns'))}</th><th scope="col">${esc(t('rangeOfRuns'))}</th><th scope="col">${esc(t('erlang'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The curve's numbers as a table (chart-data.ts): Erlang C's wait and the simulated means with
 * their 95% intervals, one row per officer count.
 */
function curveTable(cs: number[], wq: number[], byC: Map<number, Point>, open: boolean): ChartData {
  return {
    caption: `${t('curveTitle')}, ${t('minutes')}`,
    columns: [t('c'), t('erlang'), t('simulatedMean'), t('ci')],
    rows: cs.map((c, i) => {
      const p = byC.get(c);
      return [
        num(c, 0),
        Number.isFinite(wq[i]) ? num(wq[i]) : t('unstableShort'),
        p ? num(p.mean) : t('none'),
        p ? `${num(p.lo)} – ${num(p.hi)}` : t('none'),
      ];
    }),
    open,
    testid: 'curve-table',
  };
}

export function renderLesson(main: HTMLElement, pool: WorkerPool, onRates?: OnRates): void {
  const { rates: r, problems } = readRates();
  main.innerHTML = `
    <section class="lesson" data-testid="lesson" aria-labelledby="lesson-h">
      <h2 id="lesson-h" tabindex="-1">${esc(t('lessonTitle'))}</h2>
      <p>${esc(t('lessonIntro'))}</p>
      ${ratesForm(r, problems)}
      <div id="theory" role="status" aria-live="polite"></div>
      <div id="curve"></div>
      <p class="actions"><label for="sim-n">${esc(t('simCustomers'))}</label> <select id="sim-n">${SIM_N.map((n) => `<option value="${n}"${n === SIM_N_START ? ' selected' : ''}>${esc(num(n, 0))}</option>`).join('')}</select> <button type="button" id="simulate" data-testid="simulate">${esc(t('simulate'))}</button> <button type="button" id="sim-stop" data-testid="sim-stop" hidden>${esc(t('stop'))}</button> <span id="sim-status" role="status"></span></p>
      <h3>${esc(t('scatterTitle'))}</h3>
      <p>${esc(t('scatterIntro'))}</p>
      <p><button type="button" id="scatter" data-testid="scatter">${esc(t('runScatter'))}</button> <button type="button" id="scatter-stop" data-testid="scatter-stop" hidden>${esc(t('stop'))}</button> <span id="scatter-status" role="status"></span></p>
      <div id="scatter-table"></div>
    </section>`;
  /** The points drawn: those last simulated, if they were for the rates the sliders show. */
  const points = (): Point[] =>
    memory.sim && memory.sim.rates === ratesKey(r) ? memory.sim.points : [];
  const draw = () => {
    const theory = main.querySelector('#theory') as HTMLElement;
    const rho = r.lambda / (r.c * r.mu);
    if (rho >= 1) {
      theory.innerHTML = `<p class="warn">${esc(t('unstable'))} (ρ = ${num(rho)})</p>`;
    } else {
      const a = mmc(r.lambda, r.mu, r.c);
      theory.innerHTML = `<dl class="meta"><div><dt>${esc(t('rho'))}</dt><dd data-testid="rho">${esc(pctText(a.rho))}</dd></div><div><dt>${esc(t('pwait'))}</dt><dd>${esc(pctText(a.Pwait))}</dd></div><div><dt>${esc(t('wq'))}</dt><dd data-testid="wq">${esc(num(a.Wq * 60))} ${esc(t('minutes'))}</dd></div><div><dt>${esc(t('lq'))}</dt><dd data-testid="lq">${esc(num(a.Lq))} ${esc(t('customers'))}</dd></div></dl>`;
    }
    const cMin = Math.floor(r.lambda / r.mu) + 1;
    const cs: number[] = [];
    for (let c = Math.max(1, Math.min(cMin, r.c - 2)); c <= Math.max(cMin + 8, r.c + 2); c++)
      cs.push(c);
    const wq = cs.map((c) => (r.lambda < c * r.mu ? mmc(r.lambda, r.mu, c).Wq * 60 : NaN));
    const byC = new Map(points().map((p) => [p.c, p]));
    const hasSim = cs.some((c) => byC.has(c));
    const series = [{ name: t('erlang'), values: wq }];
    const sim = hasSim
      ? [
          {
            name: t('simulated'),
            values: cs.map((c) => byC.get(c)?.mean ?? NaN),
            band: {
              lo: cs.map((c) => byC.get(c)?.lo ?? NaN),
              hi: cs.map((c) => byC.get(c)?.hi ?? NaN),
            },
            markers: true,
            dash: true,
          },
        ]
      : [];
    const finite = wq.filter(Number.isFinite);
    // The table stays open as the sliders move, if it was opened.
    const tableOpen =
      main.querySelector('[data-testid=curve-table]')?.hasAttribute('open') ?? false;
    const { chart, table } = chartWithData(
      lineChart({
        title: t('curveTitle'),
        desc: t('curveDesc'),
        x: cs,
        series: [...series, ...sim],
        xLabel: t('c'),
        yLabel: `${t('meanWait')} (${t('minutes')})`,
        yMin: 0,
        yMax: finite.length
          ? Math.min(
              Math.max(...finite, ...points().map((p) => p.hi)),
              Math.max(...finite.slice(0, 3)) * 1.1 || 1,
            )
          : undefined,
        xTicks: cs,
        xFormat: (v) => String(v),
        yFormat: (v) => num(v),
        pointTitle: (series, y, c) => t('pointAt', { series, y: num(y), x: `c = ${c}` }),
      }),
      curveTable(cs, wq, byC, tableOpen),
    );
    (main.querySelector('#curve') as HTMLElement).innerHTML =
      `<figure class="chart" data-chart="erlang-curve">${chart}<figcaption>${esc(t('curveDesc'))}</figcaption></figure>${table}`;
  };
  const simStatus = main.querySelector('#sim-status') as HTMLElement;
  /** The points and their line as last simulated (at other rates: neither). */
  const showSim = () => {
    draw();
    simStatus.textContent = memory.sim?.rates === ratesKey(r) ? memory.sim.note() : '';
  };
  const scatterStatus = main.querySelector('#scatter-status') as HTMLElement;
  const scatterBox = main.querySelector('#scatter-table') as HTMLElement;
  /** The scatter table and its line as last run. */
  const showScatter = () => {
    scatterBox.innerHTML = memory.scatter ? scatterTable(memory.scatter) : '';
    scatterStatus.textContent = memory.scatter?.note() ?? '';
  };
  showSim();
  showScatter();
  /** The simulation under way: Stop aborts its requests (and only those; a scenario's run goes on). */
  let simulating: AbortController | undefined;
  bindRates(
    main,
    r,
    () => {
      lessonRun++;
      // Its points were for the rates before: they would be dropped, so the workers stop now.
      simulating?.abort();
      memory.sim = undefined;
      showSim();
    },
    onRates,
  );
  const simulateBtn = main.querySelector('#simulate') as HTMLButtonElement;
  const stopBtn = main.querySelector('#sim-stop') as HTMLButtonElement;
  stopBtn.addEventListener('click', () => {
    simulating?.abort();
    // Stop is hidden once the run has ended: the focus goes back to Simulate, not to the body.
    simulateBtn.focus();
  });
  simulateBtn.addEventListener('click', async () => {
    if (isBusy(simulateBtn)) return;
    const run = ++lessonRun;
    // The rates of this click (the sliders may move while it runs).
    const at = { ...r };
    const N = Number((main.querySelector('#sim-n') as HTMLSelectElement).value);
    const cMin = Math.floor(at.lambda / at.mu) + 1;
    const cs: number[] = [];
    for (let c = Math.max(cMin, at.c - 2); c <= Math.max(cMin + 8, at.c + 2); c++) cs.push(c);
    const R = 5;
    const controller = new AbortController();
    simulating = controller;
    setBusy(simulateBtn, true);
    stopBtn.hidden = false;
    simStatus.textContent = t('simProgress', { done: 0, total: cs.length });
    // Each officer count's point as its replications finish: a run stopped keeps these.
    const done: Point[] = [];
    const complete = () => `${R} × ${num(N, 0)} ${t('customers')}`;
    /** The points finished, kept with the line saying the run was stopped (or, all done, its size). */
    const keep = () => {
      memory.sim = {
        rates: ratesKey(at),
        points: [...done].sort((a, b) => a.c - b.c),
        note:
          done.length === cs.length ? complete : () => stoppedText(done.length, cs.length, R, N),
      };
    };
    const leave = () => {
      controller.abort();
      keep();
    };
    underway.add(leave);
    try {
      const res = await Promise.all(
        cs.map((c) =>
          Promise.all(
            Array.from({ length: R }, (_, rep) =>
              pool.request<{ Wq: number }, 'mmc'>(
                'mmc',
                {
                  lambda: at.lambda,
                  mu: at.mu,
                  servers: c,
                  customers: N,
                  seed: 2020,
                  replication: rep,
                },
                undefined,
                controller.signal,
              ),
            ),
          ).then((runs) => {
            const ci = confidenceInterval(runs.map((x) => x.Wq * 60));
            const point = { c, mean: ci.mean, lo: ci.ci95[0], hi: ci.ci95[1] };
            if (run !== lessonRun || controller.signal.aborted) return point;
            done.push(point);
            simStatus.textContent = t('simProgress', { done: done.length, total: cs.length });
            return point;
          }),
        ),
      );
      if (run !== lessonRun) return;
      memory.sim = { rates: ratesKey(at), points: res, note: complete };
      showSim();
    } catch (err) {
      // Stopped (here, or by a scenario run's Cancel, which ends every worker): the points
      // finished before it are drawn, and the line says how many, or that none were.
      // The other requests of this run are of no use now (one failed, or all were cancelled).
      controller.abort();
      if (run !== lessonRun) return;
      if (err instanceof CancelledError) {
        keep();
        showSim();
      } else simStatus.textContent = failureText(err);
    } finally {
      underway.delete(leave);
      if (simulating === controller) simulating = undefined;
      stopBtn.hidden = true;
      setBusy(simulateBtn, false);
    }
  });
  const scatterBtn = main.querySelector('#scatter') as HTMLButtonElement;
  const scatterStopBtn = main.querySelector('#scatter-stop') as HTMLButtonElement;
  /** The scatter table under way: its Stop aborts its requests, as Simulate's Stop does. */
  let scattering: AbortController | undefined;
  scatterStopBtn.addEventListener('click', () => {
    scattering?.abort();
    // Stop is hidden once the run has ended: the focus goes back to its button.
    scatterBtn.focus();
  });
  scatterBtn.addEventListener('click', async () => {
    if (isBusy(scatterBtn)) return;
    // The rates of this click: every row, the Erlang column and the caption are for them.
    const at = { ...r };
    if (at.lambda >= at.c * at.mu) {
      scatterStatus.textContent = t('unstable');
      return;
    }
    const run = ++scatterRun;
    const erlangWq = mmc(at.lambda, at.mu, at.c).Wq * 60;
    const controller = new AbortController();
    scattering = controller;
    setBusy(scatterBtn, true);
    scatterStopBtn.hidden = false;
    const total = SCATTER_N.length;
    scatterStatus.textContent = t('scatterProgress', { done: 0, total });
    const rows: ScatterRow[] = [];
    /** The rows finished, kept with the line saying the table was stopped (or, all done, none). */
    const keep = () => {
      const kept = rows.length;
      memory.scatter = {
        at,
        erlangWq,
        rows: [...rows],
        note: kept === total ? () => '' : () => scatterStoppedText(kept, total),
      };
    };
    const leave = () => {
      controller.abort();
      keep();
    };
    underway.add(leave);
    try {
      for (const N of SCATTER_N) {
        const runs = await Promise.all(
          Array.from({ length: 10 }, (_, rep) =>
            pool.request<{ Wq: number }, 'mmc'>(
              'mmc',
              {
                lambda: at.lambda,
                mu: at.mu,
                servers: at.c,
                customers: N,
                seed: 7,
                replication: rep,
              },
              undefined,
              controller.signal,
            ),
          ),
        );
        if (run !== scatterRun) return;
        // Stopped as its last request was answered: the rows before it are kept, as below.
        if (controller.signal.aborted) break;
        const w = runs.map((x) => x.Wq * 60);
        const ci = confidenceInterval(w);
        rows.push({
          N,
          mean: ci.mean,
          halfWidth: ci.halfWidth,
          min: Math.min(...w),
          max: Math.max(...w),
        });
        scatterBox.innerHTML = scatterTable({ at, erlangWq, rows, note: () => '' });
        if (rows.length < total)
          scatterStatus.textContent = t('scatterProgress', { done: rows.length, total });
      }
      keep();
      showScatter();
    } catch (err) {
      // The other requests of this table are of no use now (one failed, or all were cancelled).
      controller.abort();
      if (run !== scatterRun) return;
      if (err instanceof CancelledError) {
        keep();
        showScatter();
      } else scatterStatus.textContent = failureText(err);
    } finally {
      underway.delete(leave);
      if (scattering === controller) scattering = undefined;
      scatterStopBtn.hidden = true;
      setBusy(scatterBtn, false);
    }
  });
}

// ---------------------------------------------------------------- animated station

interface Customer {
  id: number;
  arrival: number;
}

let frame = 0;
let stopped = true;

export function stopAnimation(): void {
  stopped = true;
  cancelAnimationFrame(frame);
}

/** FIFO M/M/c in event steps, with the kernel's random numbers and distributions. */
class Station {
  now = 0;
  queue: Customer[] = [];
  servers: ({ customer: Customer; start: number; end: number } | null)[];
  nextArrival: number;
  served = 0;
  waitSum = 0;
  private n = 0;
  private rng = new Rng(2020, 'lab-animation');
  private inter;
  private service;

  constructor(readonly r: Rates) {
    this.servers = new Array(r.c).fill(null);
    this.inter = createSampler({ dist: 'exponential', mean: 60 / r.lambda });
    this.service = createSampler({ dist: 'exponential', mean: 60 / r.mu });
    this.nextArrival = this.inter.sample(this.rng);
  }

  nextEventTime(): number {
    let t = this.nextArrival;
    for (const s of this.servers) if (s && s.end < t) t = s.end;
    return t;
  }

  /** Processes the next event; returns its time. */
  step(): number {
    const t = this.nextEventTime();
    this.now = t;
    const i = this.servers.findIndex((s) => s !== null && s.end === t);
    if (i >= 0) {
      this.servers[i] = null;
      this.served++;
    } else {
      this.queue.push({ id: ++this.n, arrival: t });
      this.nextArrival = t + this.inter.sample(this.rng);
    }
    for (let k = 0; k < this.servers.length && this.queue.length; k++) {
      if (this.servers[k]) continue;
      const c = this.queue.shift() as Customer;
      this.waitSum += t - c.arrival;
      this.servers[k] = { customer: c, start: t, end: t + this.service.sample(this.rng) };
    }
    return t;
  }

  advance(to: number): void {
    while (this.nextEventTime() <= to) this.step();
    this.now = to;
  }
}

function clockText(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = Math.floor(minutes % 60);
  // The days in the page's language ("3d" in English, "3 gün" in Turkish).
  return `${d > 0 ? `${t('clockDays', { n: num(d, 0) })} ` : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function renderStation(main: HTMLElement, onRates?: OnRates): void {
  const { rates: r, problems } = readRates();
  main.innerHTML = `
    <section class="station" data-testid="station" aria-labelledby="station-h">
      <h2 id="station-h" tabindex="-1">${esc(t('stationTitle'))}</h2>
      <p>${esc(t('stationIntro'))}</p>
      ${ratesForm(r, problems)}
      <div class="actions">
        <button type="button" id="play" aria-pressed="false">${esc(t('play'))}</button>
        <button type="button" id="step">${esc(t('step'))}</button>
        <button type="button" id="restart">${esc(t('restart'))}</button>
        <label for="speed">${esc(t('speed'))}</label> <input type="range" id="speed" min="1" max="240" step="1" value="20"> <output id="speed-out" for="speed">20</output>
      </div>
      <canvas id="canvas" width="880" height="320" role="img" aria-label="${esc(t('stationTitle'))}" aria-describedby="station-stats"></canvas>
      <p id="station-stats" class="stats" aria-live="polite"></p>
    </section>`;
  const canvas = main.querySelector('#canvas') as HTMLCanvasElement;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const stats = main.querySelector('#station-stats') as HTMLElement;
  const playBtn = main.querySelector('#play') as HTMLButtonElement;
  const speedInput = main.querySelector('#speed') as HTMLInputElement;
  let station = new Station(r);
  let speed = Number(speedInput.value);
  let last = 0;
  let lastStats = 0;

  const paint = () => {
    const W = canvas.width;
    const H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    const c = station.servers.length;
    const cols = Math.min(c, 10);
    const rows = Math.ceil(c / cols);
    const boxW = 52;
    const boxH = Math.min(52, (H - 40) / rows - 8);
    const x0 = W - cols * (boxW + 8) - 10;
    ctx.font = '12px system-ui, sans-serif';
    station.servers.forEach((s, i) => {
      const x = x0 + (i % cols) * (boxW + 8);
      const y = 30 + Math.floor(i / cols) * (boxH + 8);
      ctx.strokeStyle = '#333';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x, y, boxW, boxH);
      if (s) {
        const share = Math.min(1, (station.now - s.start) / Math.max(1e-9, s.end - s.start));
        ctx.fillStyle = PALETTE[0];
        ctx.fillRect(x + 1, y + boxH - 6, (boxW - 2) * share, 5);
        ctx.beginPath();
        ctx.arc(x + boxW / 2, y + boxH / 2 - 3, Math.min(12, boxH / 3), 0, Math.PI * 2);
        ctx.fill();
      }
    });
    ctx.fillStyle = '#333';
    ctx.fillText(`${t('officer')} × ${c}`, x0, 18);
    // The queue: a line leading to the officers, newest on the left; squares so it reads without colour.
    const size = 14;
    const perRow = Math.max(1, Math.floor((x0 - 40) / (size + 4)));
    station.queue.slice(0, perRow * 8).forEach((_, i) => {
      const x = x0 - 24 - (i % perRow) * (size + 4);
      const y = 40 + Math.floor(i / perRow) * (size + 6);
      ctx.fillStyle = PALETTE[1];
      ctx.fillRect(x - size / 2, y - size / 2, size, size);
    });
    if (station.queue.length > perRow * 8) {
      ctx.fillStyle = '#333';
      ctx.fillText(`+${num(station.queue.length - perRow * 8, 0)}`, 10, H - 60);
    }
    ctx.fillStyle = '#333';
    ctx.fillText(`${t('clock')} ${clockText(station.now)}`, 10, H - 40);
    ctx.fillText(
      `${t('inQueue')}: ${num(station.queue.length, 0)}   ${t('inService')}: ${num(station.servers.filter(Boolean).length, 0)}   ${t('servedSoFar')}: ${num(station.served, 0)}`,
      10,
      H - 20,
    );
  };
  const updateStats = () => {
    // Counts the page's way (99.997 in Turkish, 99,997 in English), as every other number.
    stats.textContent = `${t('clock')} ${clockText(station.now)} · ${t('inQueue')} ${num(station.queue.length, 0)} · ${t('inService')} ${num(station.servers.filter(Boolean).length, 0)}/${num(station.servers.length, 0)} · ${t('servedSoFar')} ${num(station.served, 0)} · ${t('meanWaitSoFar')} ${num(station.served ? station.waitSum / Math.max(1, station.served + station.servers.filter(Boolean).length) : 0)} ${t('minutes')}`;
  };
  const tick = (now: number) => {
    if (stopped) return;
    const dt = last ? (now - last) / 1000 : 0;
    last = now;
    station.advance(station.now + Math.min(dt, 0.25) * speed);
    paint();
    if (now - lastStats > 1000) {
      updateStats();
      lastStats = now;
    }
    frame = requestAnimationFrame(tick);
  };
  const setPlaying = (play: boolean) => {
    stopAnimation();
    playBtn.setAttribute('aria-pressed', String(play));
    playBtn.textContent = play ? t('pause') : t('play');
    // The figures change every second while it plays: announced then, a screen reader would
    // talk over everything else. A step, a pause or a restart is announced.
    stats.setAttribute('aria-live', play ? 'off' : 'polite');
    if (play) {
      stopped = false;
      last = 0;
      frame = requestAnimationFrame(tick);
    }
    updateStats();
  };
  playBtn.addEventListener('click', () =>
    setPlaying(playBtn.getAttribute('aria-pressed') !== 'true'),
  );
  (main.querySelector('#step') as HTMLButtonElement).addEventListener('click', () => {
    setPlaying(false);
    station.step();
    paint();
    updateStats();
  });
  (main.querySelector('#restart') as HTMLButtonElement).addEventListener('click', () => {
    station = new Station(r);
    paint();
    updateStats();
  });
  speedInput.addEventListener('input', () => {
    speed = Number(speedInput.value);
    (main.querySelector('#speed-out') as HTMLElement).textContent = String(speed);
  });
  bindRates(
    main,
    r,
    () => {
      station = new Station(r);
      paint();
      updateStats();
    },
    onRates,
  );
  paint();
  updateStats();
  // Moving pictures only when asked for: start paused if the user prefers reduced motion.
  if (!window.matchMedia('(prefers-reduced-motion: reduce)').matches) setPlaying(true);
}
