import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMulti, decodeMultiStream, encode, ExtensionCodec } from '@msgpack/msgpack';

export interface ForwardedRecord {
  tag: string;
  /** Event time in seconds (EventTime ext values keep their nanoseconds as a fraction). */
  time: number;
  record: Record<string, any>;
}

// Fluentd's EventTime: ext type 0, big-endian uint32 seconds + uint32 nanoseconds.
const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: () => null,
  decode: (data) => {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return view.getUint32(0) + view.getUint32(4) / 1e9;
  },
});

type Options = { chunk?: string; compressed?: string } | undefined;

/**
 * A stand-in for Fluentd's `in_forward`: decodes Message, Forward, PackedForward and
 * CompressedPackedForward entries from a TCP stream, answers `chunk` acks, and keeps
 * every record. `close()` makes the port refuse, as a Fluentd that is down does.
 */
export class ForwardReceiver {
  readonly records: ForwardedRecord[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<ForwardReceiver> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const receiver = new ForwardReceiver(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (socket) => void receiver.serve(socket));
    return receiver;
  }

  tagged(tag: string): ForwardedRecord[] {
    return this.records.filter((entry) => entry.tag === tag);
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(socket: net.Socket): Promise<void> {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    try {
      for await (const message of decodeMultiStream(socket, { extensionCodec: codec })) this.accept(socket, message);
    } catch (err) {
      if (!socket.destroyed) throw err;
    }
  }

  private accept(socket: net.Socket, message: unknown): void {
    if (!Array.isArray(message) || typeof message[0] !== 'string')
      throw new Error(`not a Forward protocol message: ${JSON.stringify(message)}`);
    const [tag, second] = message as [string, unknown];
    let options: Options;
    if (typeof second === 'number') {
      options = message[3] as Options;
      this.records.push({ tag, time: second, record: message[2] as Record<string, any> });
    } else if (Array.isArray(second)) {
      options = message[2] as Options;
      for (const [time, record] of second as [number, Record<string, any>][]) this.records.push({ tag, time, record });
    } else {
      options = message[2] as Options;
      const raw = typeof second === 'string' ? Buffer.from(second, 'binary') : (second as Uint8Array);
      const entries = options?.compressed === 'gzip' ? gunzipSync(raw) : raw;
      for (const entry of decodeMulti(entries, { extensionCodec: codec })) {
        const [time, record] = entry as [number, Record<string, any>];
        this.records.push({ tag, time, record });
      }
    }
    if (options?.chunk) socket.write(encode({ ack: options.chunk }));
  }
}
