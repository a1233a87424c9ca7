import { Writable } from 'node:stream';

/** A stdout stand-in for in-process apps: keeps every JSON log line for assertions. */
export class LogCollector extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  records(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line));
  }

  text(): string {
    return this.lines.join('\n');
  }
}
