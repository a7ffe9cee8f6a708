/**
 * Calendar days in a pack's time zone (IANA name, e.g. Europe/Chisinau). "Due today" and the daily
 * digest follow the day people live in, not UTC. Pure: Intl only, browser-safe.
 */
export interface ZonedDay {
  /** YYYY-MM-DD in the zone. */
  day: string;
  /** The hour of the day in the zone, 0-23. */
  hour: number;
  /** The instants the zone's day starts and ends (end exclusive). */
  start: Date;
  end: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets already read, by zone and minute. Since 1972 every zone's offset is a whole number of
 * minutes and changes on a whole minute, so one reading holds for its minute; Intl's formatToParts is
 * slow and deadline planning asks for the same few instants again and again (the "what if" replay of
 * thousands of cases). Earlier instants (local mean times with seconds) are always read afresh.
 */
const offsets = new Map<string, number>();
const CACHE_FROM = Date.UTC(1972, 0, 1);
const MAX_CACHED = 100_000;

/** The zone's offset from UTC at `at`, in ms (Chișinău in winter: +2 h). */
function offsetAt(at: Date, timeZone: string): number {
  const t = at.getTime();
  if (!(t >= CACHE_FROM)) return readOffset(at, timeZone);
  const key = `${timeZone} ${Math.floor(t / 60_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = readOffset(at, timeZone);
    if (offsets.size >= MAX_CACHED) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function readOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** Local midnight of the given local date, as an instant (the offset is re-read there, so DST days are right). */
function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, m, d);
  const first = guess - offsetAt(new Date(guess), timeZone);
  return new Date(guess - offsetAt(new Date(first), timeZone));
}

export function zonedDay(at: Date, timeZone = 'UTC'): ZonedDay {
  const local = new Date(at.getTime() + offsetAt(at, timeZone));
  const y = local.getUTCFullYear(),
    m = local.getUTCMonth(),
    d = local.getUTCDate();
  return {
    day: local.toISOString().slice(0, 10),
    hour: local.getUTCHours(),
    start: localMidnight(y, m, d, timeZone),
    end: localMidnight(y, m, d + 1, timeZone),
  };
}

/** A moment as the zone's wall clock: the local date as a day number (days since 1970-01-01) and the ms since local midnight. */
export interface WallTime {
  dayNumber: number;
  msOfDay: number;
}

const DAY_MS = 86_400_000;

export function wallTime(at: Date, timeZone = 'UTC'): WallTime {
  const local = at.getTime() + offsetAt(at, timeZone);
  const dayNumber = Math.floor(local / DAY_MS);
  return { dayNumber, msOfDay: local - dayNumber * DAY_MS };
}

/**
 * The instant the zone's wall clock shows `msOfDay` on local day `dayNumber`. A wall time skipped
 * when summer time starts moves forward by the gap (02:30 → 03:30); one that happens twice when it
 * ends is its first occurrence, as calendars usually resolve them.
 */
export function fromWallTime(dayNumber: number, msOfDay: number, timeZone = 'UTC'): Date {
  const wall = dayNumber * DAY_MS + msOfDay;
  // The offsets on either side of any transition near this wall time.
  const before = offsetAt(new Date(wall - DAY_MS / 2), timeZone);
  const after = offsetAt(new Date(wall + DAY_MS / 2), timeZone);
  const shows = (t: number) => t + offsetAt(new Date(t), timeZone) === wall;
  const candidates = [wall - before, wall - after].filter(shows);
  return new Date(candidates.length ? Math.min(...candidates) : wall - before);
}
