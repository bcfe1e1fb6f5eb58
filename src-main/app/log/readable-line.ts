/**
 * A JSON log line as a person reads it on a terminal (`tp --verbose`):
 * `09:14:03.120 INFO  pipeline  stage finished  stage=voice durationMs=1830 jobId=…`.
 * Made from the already redacted line, so the terminal shows no more than the file.
 */

const OWN_FIELDS = new Set(['time', 'level', 'msg', 'module', 'pid', 'proc', 'hostname']);

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/u.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

export function readableLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = String(record.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const module = typeof record.module === 'string' ? `${record.module}  ` : '';
  const fields = Object.entries(record)
    .filter(([name]) => !OWN_FIELDS.has(name))
    .map(([name, value]) => `${name}=${fieldText(value)}`);
  return `${time} ${level} ${module}${String(record.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}\n`;
}
