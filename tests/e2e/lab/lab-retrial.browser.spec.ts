/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel's field for a station's retrial rule and the retrial figures in the results, in
 * headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the rule checked by
 * the loader's own message in English and Turkish, the CLI line's `--set` that reproduces it,
 * the same numbers as that CLI line, and the figures named in both languages. Likewise a
 * station's overflow, picked among the other stations: the loader's rules beside it, the CLI
 * line run word for word, and the table of who was sent on where.
 */
import 'reflect-metadata';
import { execFile, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OVERFLOW_SELF_RULE, RETRIAL_PROBABILITY_RULE } from '../../../src/sim/compile';
import { IDLE_OVERFLOW_RULE } from '../../../src/scenario/scenario.loader';
import { formatCi } from '../../../src/report/numbers';
import {
  downloadFile,
  eventually,
  hasText,
  RUN_BROWSER_TESTS,
  runCli,
  type RunMetrics,
  SHORT_RUN,
  typeKeys,
  useLab,
} from '../../helpers/lab-browser';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');

const type = typeKeys;

describe.skipIf(!RUN_BROWSER_TESTS)("a station's retrial and overflow in the Lab", () => {
  const lab = useLab();
  const SHORT = SHORT_RUN;
  const query = (name: string, set: readonly string[]) =>
    `?lang=en&s=${name}${set.map((s) => `&set=${encodeURIComponent(s)}`).join('')}`;

  it("takes the rule with the loader's check in both languages, runs as the CLI line does, and shows what it did", async () => {
    const name = 'teaching-queue-retrial';
    const path = 'stations.desk.retrial';
    const rule = '{probability: 0.4, meanDelayMinutes: 20, maxRetries: 2}';
    const fromCli = new Promise<RunMetrics>((done, fail) =>
      execFile(
        process.execPath,
        [
          BIN,
          'run',
          `scenarios/${name}.yaml`,
          ...[...SHORT, `${path}=${rule}`].flatMap((s) => ['--set', s]),
          '--json',
        ],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          err ? fail(new Error(stderr || err.message)) : done(JSON.parse(stdout)),
      ),
    );
    const page = await lab.open(query(name, SHORT));
    const input = `#f-${path.replace(/\./g, '-')}`;
    // The file's rule, as written.
    expect(await page.inputValue(input)).toBe(
      '{probability: 0.7, meanDelayMinutes: 30, maxRetries: 3}',
    );
    await type(page, input, '{probability: 1.5, meanDelayMinutes: 20}');
    const error = page.locator(`.field[data-path="${path}"] .err`);
    await hasText(error, `${path}.probability: ${RETRIAL_PROBABILITY_RULE}`);
    await page.click('[data-lang=tr]');
    await hasText(
      page.locator(`.field[data-path="${path}"] .err`),
      `${path}.probability: 0 ile 1 arasında bir sayı olmalı: burada kuyruğa girmeden giden`,
    );
    await hasText(page.locator(`.field[data-path="${path}"] label`), 'yeniden gelme kuralı');
    await page.click('[data-lang=en]');
    await type(page, input, rule);
    await hasText(page.locator('#cli-text'), `--set '${path}=${rule}'`);
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    await page.click('[data-testid=run]');
    const table = page.locator('[data-testid=retrials-table]');
    await table.waitFor({ timeout: 60_000 });
    const download = await downloadFile(page, '#download-json');
    const got = JSON.parse(download.text) as RunMetrics & {
      set: string[];
    };
    expect(got.set).toContain(`${path}=${rule}`);
    const cli = await fromCli;
    expect(Object.keys(got.metrics).sort()).toEqual(Object.keys(cli.metrics).sort());
    for (const [k, v] of Object.entries(cli.metrics))
      v.samples.forEach((x, i) => {
        const y = got.metrics[k].samples[i];
        // As lab.browser.spec.ts: counts equal, floats within V8's last-bit differences.
        if (x === null || Number.isInteger(x)) expect(y, `${k}[${i}]`).toBe(x);
        else
          expect(Math.abs(y - x), `${k}[${i}]`).toBeLessThanOrEqual(
            Math.max(Math.abs(x), 1) * 1e-12,
          );
      });
    // The figures, as the CLI's run gives them, each under its name with its CI.
    expect(cli.metrics['stations.desk.retrials'].mean).toBeGreaterThan(0);
    for (const k of ['balkedAttempts', 'retrials', 'balked', 'gaveUpAfterRetrial'])
      expect(await table.locator(`td[data-metric="stations.desk.${k}"]`).textContent(), k).toBe(
        formatCi(cli.metrics[`stations.desk.${k}`], 'count'),
      );
    await hasText(table.locator('thead'), 'came back (retrials)');
    await page.click('[data-lang=tr]');
    await hasText(page.locator('[data-testid=retrials-table] thead'), 'yeniden gelen');
    await page.context().close();
  });

  it('offers the rule at a station that turns nobody away, refuses it there as the CLI does, and takes it once a balking rule is typed', async () => {
    // teaching-mmc's desk has no queueLimit and no balking rule: as written, nobody is turned
    // away, so a retrial rule there has no effect until the panel gives the desk a balking rule.
    const name = 'teaching-mmc';
    const path = 'stations.desk.retrial';
    const balking = 'stations.desk.balking.probabilities';
    const rule = '{probability: 0.5, meanDelayMinutes: 15}';
    const cli = (set: string[]) => runCli(name, [...SHORT, ...set]);
    const refused = cli([`${path}=${rule}`]);
    expect(refused.status).toBe(2);
    const page = await lab.open(query(name, SHORT));
    const input = `#f-${path.replace(/\./g, '-')}`;
    // The field is there, empty (no rule in the file), and its hint says when a rule acts.
    await page.locator('.field[data-path="stations.desk.servers"]').waitFor();
    expect(await page.locator(`.field[data-path="${path}"]`).count()).toBe(1);
    expect(await page.inputValue(input)).toBe('');
    await hasText(page.locator(`#${input.slice(1)}-hint`), 'balking rule (the fields above)');
    await type(page, input, rule);
    const error = page.locator(`.field[data-path="${path}"] .err`);
    await hasText(error, `${path}: has no effect: nobody balks at this station`);
    // The loader's message word for word, as `consular-sim run --set` prints it.
    const message = (await page.locator('#errors code[lang=en]').textContent()) ?? '';
    expect(message.startsWith(`scenarios/${name}.yaml: ${path}: has no effect`), message).toBe(
      true,
    );
    expect(refused.stderr).toContain(message);
    await page.click('[data-lang=tr]');
    await hasText(page.locator(`.field[data-path="${path}"] .err`), `${path}: etkisi yok`);
    await hasText(page.locator(`#${input.slice(1)}-hint`), 'üstteki alan');
    await page.click('[data-lang=en]');
    // A balking rule typed in the field above: customers are turned away, and the rule acts.
    await type(page, `#f-${balking.replace(/\./g, '-')}`, '[0, 0.5]');
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    await hasText(page.locator('#cli-text'), `--set '${path}=${rule}' --set '${balking}=[0, 0.5]'`);
    await page.click('[data-testid=run]');
    const table = page.locator('[data-testid=retrials-table]');
    await table.waitFor({ timeout: 60_000 });
    const download = await downloadFile(page, '#download-json');
    const got = JSON.parse(download.text) as RunMetrics;
    const ran = cli([`${path}=${rule}`, `${balking}=[0, 0.5]`]);
    expect(ran.status, ran.stderr).toBe(0);
    const want = (JSON.parse(ran.stdout) as RunMetrics).metrics;
    // Customers came back, and the Lab counted them as the CLI line does.
    expect(want['stations.desk.retrials'].mean).toBeGreaterThan(0);
    for (const k of ['balkedAttempts', 'retrials', 'balked', 'gaveUpAfterRetrial'])
      expect(got.metrics[`stations.desk.${k}`].samples, k).toEqual(
        want[`stations.desk.${k}`].samples,
      );
    await page.context().close();
  });

  it("picks a station's overflow among the others, checked by the loader's rules, and shows who was sent on where, as the CLI line's run does", async () => {
    const name = 'teaching-queue-overflow';
    const desk = 'stations.desk.overflow';
    const back = 'stations.back-office.overflow';
    const select = (path: string) => `#f-${path.replace(/\./g, '-')}`;
    const errorOf = (path: string) => page.locator(`.field[data-path="${path}"] .err`);
    // A shared link that sends the desk's overflow to the desk itself: the select shows it as
    // what it is, beside the loader's rule, as `run --set` refuses it.
    let page = await lab.open(query(name, [...SHORT, `${desk}=desk`]));
    expect(await page.inputValue(select(desk))).toBe('desk');
    await hasText(
      page.locator(`${select(desk)} option:checked`),
      'Walk-in counter and waiting hall (desk): this station itself',
    );
    await hasText(errorOf(desk), `${desk}: ${OVERFLOW_SELF_RULE}`);
    await page.context().close();

    page = await lab.open(query(name, SHORT));
    // The file's overflow, and the other stations by name (never the station itself), or none.
    expect(await page.inputValue(select(desk))).toBe('back-office');
    expect(
      await page
        .locator(`${select(desk)} option`)
        .evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent])),
    ).toEqual([
      ['', 'none: those who find it full are lost'],
      ['back-office', 'Back-office desk (back-office)'],
    ]);
    await hasText(
      page.locator(`.field[data-path="${desk}"] label`),
      'Walk-in counter and waiting hall (desk) — overflow',
    );
    // No queue limit: nobody finds the desk full, and the loader says so beside the overflow.
    await type(page, '#f-stations-desk-queueLimit', '');
    await hasText(errorOf(desk), `${desk}: ${IDLE_OVERFLOW_RULE}`);
    await page.click('[data-lang=tr]');
    await hasText(errorOf(desk), `${desk}: etkisi yok: bu gişenin queueLimit’i yoktur`);
    await hasText(page.locator(`.field[data-path="${desk}"] label`), 'taşma');
    await page.click('[data-lang=en]');
    await type(page, '#f-stations-desk-queueLimit', '4');
    // The desk's overflow set to none, and one set at the back office, which had none, to the
    // desk once the back office has a queue limit.
    await page.selectOption(select(desk), '');
    await page.selectOption(select(back), 'desk');
    await hasText(errorOf(back), `${back}: ${IDLE_OVERFLOW_RULE}`);
    await type(page, '#f-stations-back-office-queueLimit', '1');
    await eventually(
      () => page.locator('#errors').isHidden(),
      (hidden) => expect(hidden).toBe(true),
    );
    const sets = [`${desk}=`, `${back}=desk`, 'stations.back-office.queueLimit=1'];
    const line = (await page.locator('#cli-text').textContent()) ?? '';
    for (const s of sets) expect(line).toContain(`--set ${s} `);
    // The link carries the same overrides as the CLI line.
    const link = new URL(page.url()).searchParams.getAll('set');
    for (const s of sets) expect(link).toContain(s);
    await page.click('[data-testid=run]');
    const table = page.locator('[data-testid=overflows-table]');
    await table.waitFor({ timeout: 60_000 });
    const download = await downloadFile(page, '#download-json');
    const got = JSON.parse(download.text) as RunMetrics;
    const shown = {
      sent: await table.locator('td[data-metric="stations.back-office.overflowed"]').textContent(),
      to: await table.locator('tr[data-station="back-office"] td[data-overflow-to]').textContent(),
      rows: await table.locator('tbody tr').count(),
    };
    await page.click('[data-lang=tr]');
    await hasText(page.locator('[data-testid=overflows-table] thead'), 'gönderildiği gişe');
    await page.context().close();
    // The CLI line as the page printed it, word by word (every word bare: nothing to unquote).
    const words = line.split(' ');
    expect(words.slice(0, 3)).toEqual(['npx', 'consular-sim', 'run']);
    expect(words.every((w) => !/['"\\]/.test(w))).toBe(true);
    const ran = spawnSync(process.execPath, [BIN, ...words.slice(2)], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(ran.status, ran.stderr).toBe(0);
    const want = (JSON.parse(ran.stdout) as RunMetrics).metrics;
    // The back office sent some on, the desk (no overflow now) none: only its row is listed.
    expect(want['stations.back-office.overflowed'].mean).toBeGreaterThan(0);
    expect(want['stations.desk.overflowed']).toBeUndefined();
    expect(shown.rows).toBe(1);
    // Written as the Lab writes a count (a CI cut at 0 as mean (low – high)).
    expect(shown.sent).toBe(
      formatCi(want['stations.back-office.overflowed'], 'count', 1, {
        locale: 'en-GB',
        to: ' – ',
      }),
    );
    expect(shown.to).toBe('Walk-in counter and waiting hall desk');
    // Every figure of the run, replication by replication, as the CLI line's run gives it.
    expect(Object.keys(got.metrics).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want))
      v.samples.forEach((x, i) => {
        const y = got.metrics[k].samples[i];
        // As lab.browser.spec.ts: counts equal, floats within V8's last-bit differences.
        if (x === null || Number.isInteger(x)) expect(y, `${k}[${i}]`).toBe(x);
        else
          expect(Math.abs(y - x), `${k}[${i}]`).toBeLessThanOrEqual(
            Math.max(Math.abs(x), 1) * 1e-12,
          );
      });
  });

  it("says under each station what a rule would act on there, by the station's name, as its fields stand, in both languages", async () => {
    // paper-evacuation-2020: four stations with labels in English and Turkish, none of which
    // turns anybody away as written; one (the seats) staffed by a schedule, not a number.
    const page = await lab.open(query('paper-evacuation-2020', []));
    await page.locator('.field[data-path="stations.registration.retrial"]').waitFor();
    const ids = ['chatbot', 'registration', 'medical', 'seats'];
    const hintOf = (id: string) => page.locator(`#f-stations-${id}-retrial-hint`);
    const labelOf = async (id: string) =>
      (await page
        .locator(`.field[data-path="stations.${id}.retrial"] label .label`)
        .textContent())!;
    const names = async () => Promise.all(ids.map(labelOf));
    const english = await names();
    // Each hint names its own station and none other's: the hints differ station by station.
    for (const [i, id] of ids.entries()) {
      const text = (await hintOf(id).textContent())!;
      expect(text, id).toContain(`${english[i]}: no queue limit and no balking rule`);
      for (const other of english.filter((_, j) => j !== i)) expect(text, id).not.toContain(other);
    }
    // A limit typed at one station changes its hint only: the room it leaves, by its servers.
    const servers = Number(await page.inputValue('#f-stations-registration-servers'));
    await type(page, '#f-stations-registration-queueLimit', '12');
    await hasText(
      hintOf('registration'),
      `${english[1]}: an arrival who finds every server busy and 12 waiting is turned away at its queue limit (room for ${servers + 12} at once: ${servers} being served, 12 waiting); the rule acts on each one turned away.`,
    );
    await hasText(hintOf('medical'), `${english[2]}: no queue limit and no balking rule`);
    // A station staffed by shifts has no one number of servers: its limit is said without a room.
    await type(page, '#f-stations-seats-queueLimit', '0');
    await hasText(
      hintOf('seats'),
      `${english[3]}: its queue limit of 0 lets nobody wait, so an arrival who finds every server busy is turned away; the rule`,
    );
    // A balking rule alone, then with a limit; a limit the loader refuses gives the general rule.
    await type(page, '#f-stations-medical-balking-probabilities', '[0, 0.5]');
    await hasText(
      hintOf('medical'),
      `${english[2]}: an arrival who finds every server busy may leave on seeing the queue, by its balking rule`,
    );
    await type(page, '#f-stations-medical-queueLimit', '3');
    await hasText(hintOf('medical'), 'may leave by its balking rule; the rule acts on both.');
    await type(page, '#f-stations-medical-queueLimit', 'x');
    await hasText(
      hintOf('medical'),
      `${english[2]}: the rule acts only on the customers this station turns away`,
    );
    // In Turkish, by the stations' Turkish names, the form as it stands.
    await page.click('[data-lang=tr]');
    await page.locator('.field[data-path="stations.registration.retrial"]').waitFor();
    const turkish = await names();
    expect(turkish).not.toEqual(english);
    await hasText(
      hintOf('registration'),
      `${turkish[1]}: bütün sunucuları meşgul ve 12 bekleyen bulan bir gelen kuyruk sınırında geri çevrilir (aynı anda ${servers + 12} kişilik yer`,
    );
    await hasText(hintOf('chatbot'), `${turkish[0]}: kuyruk sınırı ve kuyruğa girmeme kuralı yok`);
    await hasText(hintOf('medical'), `${turkish[2]}: kural yalnızca bu gişenin geri çevirdiği`);
    await page.context().close();
  });
});
