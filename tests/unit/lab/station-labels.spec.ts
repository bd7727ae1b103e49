import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare, preparedStationLabels } from '../../../lab/src/engine/lab-engine';
import { loadReferenceData } from '../../../src/config/reference-data';
import { getServiceModel } from '../../../src/experiment/models';
import { missionStation } from '../../../src/konsolosluk/konsolosluk.model';
import { resultStationLabels } from '../../../src/report/station-names';

const ROOT = join(__dirname, '../../..');
const files = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);

/**
 * Every station a shipped scenario builds (its file's own, or those its service model builds,
 * compiled as the Lab and the CLI do) has a name for people in English and in Turkish, and the
 * stations of one arm are not named alike; the Lab's labels and the reports' are one.
 */
describe('every station of every shipped scenario is named in English and Turkish', () => {
  it.each(files)('%s', (file) => {
    const prepared = prepare(file, [], `${ROOT}/`);
    const labels = preparedStationLabels(prepared);
    for (const [arm, network] of Object.entries(prepared.arms)) {
      const seen = new Map<string, string>();
      for (const { id } of network.stations) {
        const label = Object.hasOwn(labels, id) ? labels[id] : undefined;
        expect(label?.en, `${file}: arm ${arm}: station ${id} in English`).toMatch(/\S/);
        expect(label?.tr, `${file}: arm ${arm}: station ${id} in Turkish`).toMatch(/\S/);
        expect(label?.en, `${file}: arm ${arm}: station ${id} is named, not keyed`).not.toBe(id);
        const twin = seen.get(label!.en!);
        expect(twin, `${file}: arm ${arm}: ${id} and ${twin} share "${label!.en}"`).toBeUndefined();
        seen.set(label!.en!, id);
      }
    }
    // report.html and the terminal summary read the same labels from a run's result.
    const { scenario, arms } = prepared;
    const fromResult = resultStationLabels({
      scenario: { model: scenario.model, document: scenario.document } as never,
      firstReplication: Object.fromEntries(
        Object.entries(arms).map(([arm, n]) => [
          arm,
          { stations: Object.fromEntries(n.stations.map((st) => [st.id, {}])) },
        ]),
      ) as never,
    });
    expect(fromResult).toEqual(labels);
  });

  it("names a mission's counter from config/missions.yaml: its city, and its type where the city has several", () => {
    const model = getServiceModel('konsolosluk');
    const { missions } = loadReferenceData();
    for (const m of missions) {
      const label = model.stationLabel?.(missionStation(m.id));
      const shared = missions.filter((x) => x.city === m.city).length > 1;
      expect(label?.en.startsWith(shared ? `${m.city} (` : `${m.city}: `), m.id).toBe(true);
      expect(label?.tr.startsWith(shared ? `${m.city} (` : `${m.city}: `), m.id).toBe(true);
    }
    expect(model.stationLabel?.(missionStation('berlin-cg'))).toEqual({
      en: 'Berlin (consulate general): consular desk',
      tr: 'Berlin (başkonsolosluk): konsolosluk gişesi',
    });
    expect(model.stationLabel?.('mission:nowhere')).toBeUndefined();
  });
});
