/**
 * Dates and times as CRM exports and spreadsheets write them, read without guessing: ISO 8601
 * (Salesforce's `+0000` offsets too), `YYYY-MM-DD HH:mm` (HubSpot), day/month/year with slashes,
 * dots or dashes (12- or 24-hour clock), and English month names (`1 Mar 2024`, `Mar 1, 2024`).
 * A time without a zone is UTC: a server does not know the zone of whoever exported the file.
 * Pure: no I/O.
 */

/** How to read a date like 03/04/2024 whose day and month could be either way round. */
export type DateOrder = 'dmy' | 'mdy';
export const DATE_ORDERS = ['dmy', 'mdy'] as const;

export type DateResult = { ok: true; date: Date } | { ok: false; message: string };

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?`;
const ZONE = String.raw`(z|utc|gmt|(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?)`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:t|\s+)${TIME})?\s*${ZONE}?$`, 'i');
const YMD_SLASH = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:[\sT,]+${TIME})?\s*${ZONE}?$`, 'i');
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[\sT,]+${TIME})?\s*${ZONE}?$`, 'i');
const DAY_MONTH_NAME = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4})(?:[\s,]+${TIME})?\s*${ZONE}?$`, 'i');
const MONTH_NAME_DAY = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,]+${TIME})?\s*${ZONE}?$`, 'i');

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * Reads a date or date-time. `order` settles slashed dates whose day and month are both 12 or
 * less; without it such a date is refused as ambiguous rather than read the wrong way round.
 * Dots (31.01.2024) are always day first. The message names the problem, quoting the text.
 */
export function parseDateTime(text: string, order?: DateOrder): DateResult {
  const value = text.trim();
  const notADate: DateResult = { ok: false, message: `not a date (${quote(value)})` };
  if (value === '') return notADate;

  let m = ISO.exec(value) ?? YMD_SLASH.exec(value);
  if (m) return build(value, Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4, 10));

  m = NUMERIC.exec(value);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const year = twoDigitYear(m[4] ?? '');
    let dayFirst: boolean;
    if (m[2] === '.') dayFirst = true;
    else if (first > 12 && second <= 12) dayFirst = true;
    else if (second > 12 && first <= 12) dayFirst = false;
    else if (first === second) dayFirst = true;
    else if (first > 12 && second > 12) return notADate;
    else if (order) dayFirst = order === 'dmy';
    else {
      return {
        ok: false,
        message: `ambiguous date (${quote(value)}): day and month could be either way round; write it as YYYY-MM-DD or choose the date order (day first or month first)`,
      };
    }
    return build(value, year, dayFirst ? second : first, dayFirst ? first : second, m.slice(5, 11));
  }

  m = DAY_MONTH_NAME.exec(value);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (!month) return notADate;
    return build(value, Number(m[3]), month, Number(m[1]), m.slice(4, 10));
  }
  m = MONTH_NAME_DAY.exec(value);
  if (m) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    if (!month) return notADate;
    return build(value, Number(m[3]), month, Number(m[2]), m.slice(4, 10));
  }
  return notADate;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function twoDigitYear(text: string): number {
  if (text.length === 4) return Number(text);
  const yy = Number(text);
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

/** `time` holds hour, minute, second, fraction, am/pm and zone, each possibly undefined. */
function build(original: string, year: number, month: number, day: number, time: ReadonlyArray<string | undefined>): DateResult {
  const notADate: DateResult = { ok: false, message: `not a date (${quote(original)})` };
  const [hourText, minuteText, secondText, fractionText, meridiem, zone] = time;
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, message: `not a date in a plausible year (${quote(original)})` };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return notADate;
  let hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  const millis = fractionText === undefined ? 0 : Math.floor(Number(`0.${fractionText}`) * 1000);
  if (meridiem) {
    if (hour < 1 || hour > 12) return notADate;
    const pm = meridiem.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return notADate;
  const offsetMinutes = zone === undefined ? 0 : zoneOffset(zone);
  if (offsetMinutes === null) return notADate;
  const at = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return { ok: true, date: new Date(at) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Minutes east of UTC for `Z`, `UTC`, `+02`, `+0200`, `+02:00`, `GMT-5`; null when out of range. */
function zoneOffset(zone: string): number | null {
  const z = zone.replace(/\s+/g, '').toLowerCase().replace(/^(utc|gmt)/, '');
  if (z === '' || z === 'z') return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
