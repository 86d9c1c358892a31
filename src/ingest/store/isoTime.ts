/**
 * The native writers' time format read straight from bytes. jsonMembers.wat's $isoMicros is
 * its twin in the member scan: both must give the same number for the same bytes.
 */

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** "YYYY-MM-DDTHH" of the last time parsed and its epoch ms: spans of a file share their hours. */
const lastHour = new Uint8Array(13);
let lastHourMs = NaN;

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` as the native writers emit it, else NaN (the caller asks
 * toMicros). Every one of the 27 bytes is checked (the cached hour's were when cached), so a
 * match also proves the range holds no quote or backslash.
 */
export function isoMicros(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 27 || buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d || buf[s + 10] !== 0x54 || buf[s + 13] !== 0x3a
    || buf[s + 16] !== 0x3a || buf[s + 19] !== 0x2e || buf[s + 26] !== 0x5a) return NaN;
  const mi = digits(buf, s + 14, 2), sec = digits(buf, s + 17, 2), f = digits(buf, s + 20, 6);
  if (mi < 0 || mi > 59 || sec < 0 || sec > 60 || f < 0) return NaN;
  let same = !Number.isNaN(lastHourMs);
  for (let i = 0; same && i < 13; i++) same = lastHour[i] === buf[s + i];
  if (!same) {
    const y = digits(buf, s, 4), mo = digits(buf, s + 5, 2), d = digits(buf, s + 8, 2), h = digits(buf, s + 11, 2);
    // Date.UTC reads years 0-99 as 1900-1999: such years are left to the reader.
    if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24) return NaN;
    // Date.UTC is linear in minutes and seconds (it carries overflow), so the hour's ms plus
    // the rest equals the reader's Date.UTC(y, mo - 1, d, h, mi, sec).
    lastHourMs = Date.UTC(y, mo - 1, d, h);
    for (let i = 0; i < 13; i++) lastHour[i] = buf[s + i];
  }
  return (lastHourMs + mi * 60000 + sec * 1000) * 1000 + f;
}
