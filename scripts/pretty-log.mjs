const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['name', 'hostname', 'pid', 'level', 'msg', 'time', 'v', 'service']);

/** Turns one bunyan JSON line into `12:00:01 INFO request method=GET …`; other lines pass through. */
export function prettyLine(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null || !('level' in record)) return line;
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
  return `${time} ${LEVELS[record.level] ?? record.level} ${record.msg ?? ''} ${fields}`.trimEnd();
}
