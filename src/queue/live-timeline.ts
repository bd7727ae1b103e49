import { capacityTimeline, type Calendar } from '../sim/calendar';
import type { StationModel } from '../sim/model';

/** Change points of a station's capacity: from times[i] on, values[i] servers. */
export interface CapacityTimeline {
  times: number[];
  values: number[];
}

/** A station's capacity over the horizon exactly as the kernel builds it (closures apply to fixed servers too). */
export function stationTimeline(
  spec: StationModel,
  calendar: Calendar,
  until: number,
): CapacityTimeline {
  if (spec.schedule)
    return capacityTimeline(spec.schedule, calendar, spec.id, spec.honoursHolidays ?? true, until);
  const servers = spec.servers ?? 1;
  const tl = capacityTimeline(
    [
      {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        from: '00:00',
        to: '24:00',
        servers,
      },
    ],
    calendar,
    spec.id,
    false,
    until,
  );
  return tl.values.length <= 1 ? { times: [0], values: [servers] } : tl;
}
