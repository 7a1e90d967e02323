import * as net from 'net';

export interface NatsMessage {
  readonly subject: string;
  readonly data: Buffer;
}

/**
 * A minimal client of the NATS text protocol (INFO/CONNECT/PUB/SUB/MSG/PING) for the live tests:
 * request/reply over a private inbox is all JetStream's API needs. No npm dependency.
 */
/** A NATS user and password. */
export interface NatsCredentials {
  readonly user: string;
  readonly password: string;
}

export class NatsClient {
  private buffer = Buffer.alloc(0);
  private sid = 0;
  private readonly handlers = new Map<number, (m: NatsMessage) => void>();
  private pongs: Array<() => void> = [];
  private closedError?: Error;
  serverInfo: Record<string, unknown> = {};
  private readonly inbox = `_INBOX.live${Math.random().toString(36).slice(2)}`;
  private readonly replies = new Map<string, (m: NatsMessage) => void>();
  private nextReply = 0;

  private constructor(private readonly socket: net.Socket) {}

  static async connect(host: string, port = 4222, timeoutMs = 5000, credentials?: NatsCredentials): Promise<NatsClient> {
    const socket = net.connect({ host, port });
    const c = new NatsClient(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { socket.destroy(); reject(new Error(`nats ${host}:${port}: no INFO in ${timeoutMs} ms`)); }, timeoutMs);
      socket.once('error', (e) => { clearTimeout(timer); reject(new Error(`nats ${host}:${port}: ${e.message}`)); });
      c.onInfo = () => { clearTimeout(timer); resolve(); };
      socket.on('data', (chunk) => c.receive(chunk));
    });
    socket.on('error', (e) => c.fail(e));
    socket.on('close', () => c.fail(new Error('connection closed')));
    const auth = credentials ? { user: credentials.user, pass: credentials.password } : {};
    c.write(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, lang: 'cluster-test', version: '1', protocol: 1, name: 'cluster-test', ...auth })}\r\n`);
    await c.flush(timeoutMs);
    c.subscribe(`${c.inbox}.*`, (m) => {
      const handler = c.replies.get(m.subject);
      if (handler) {
        c.replies.delete(m.subject);
        handler(m);
      }
    });
    return c;
  }

  private onInfo?: () => void;

  private fail(e: Error): void {
    if (this.closedError) return;
    this.closedError = e;
    for (const p of this.pongs.splice(0)) p();
  }

  private write(s: string | Buffer): void {
    if (this.closedError) throw this.closedError;
    this.socket.write(s);
  }

  /** Round trip to the server (PING/PONG): everything written before has been processed. */
  flush(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nats: no PONG')), timeoutMs);
      this.pongs.push(() => {
        clearTimeout(timer);
        if (this.closedError) reject(this.closedError);
        else resolve();
      });
      this.write('PING\r\n');
    });
  }

  subscribe(subject: string, handler: (m: NatsMessage) => void): number {
    const sid = ++this.sid;
    this.handlers.set(sid, handler);
    this.write(`SUB ${subject} ${sid}\r\n`);
    return sid;
  }

  publish(subject: string, data: string | Buffer, replyTo?: string): void {
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    this.write(Buffer.concat([Buffer.from(`PUB ${subject}${replyTo ? ` ${replyTo}` : ''} ${payload.length}\r\n`), payload, Buffer.from('\r\n')]));
  }

  /** Publishes with a reply inbox and resolves with the first reply. */
  request(subject: string, data: string | Buffer, timeoutMs = 5000): Promise<NatsMessage> {
    const reply = `${this.inbox}.${++this.nextReply}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(reply);
        reject(new Error(`nats request ${subject}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.replies.set(reply, (m) => { clearTimeout(timer); resolve(m); });
      try {
        this.publish(subject, data, reply);
      } catch (e) {
        clearTimeout(timer);
        reject(e);
      }
    });
  }

  /** JetStream API call: JSON in, JSON out; a JetStream error becomes a rejection naming it. */
  async jsApi(subject: string, body: unknown = {}, timeoutMs = 5000): Promise<Record<string, any>> {
    const m = await this.request(subject, body === undefined ? '' : JSON.stringify(body), timeoutMs);
    if (m.data.length === 0) throw new Error(`${subject}: empty reply (no responders: JetStream not available)`);
    const r = JSON.parse(m.data.toString());
    if (r.error) throw new Error(`${subject}: ${r.error.code} ${r.error.err_code ?? ''} ${r.error.description}`);
    return r;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) return;
      const line = this.buffer.toString('utf8', 0, eol);
      const [op] = line.split(' ', 1);
      if (op === 'MSG') {
        // MSG <subject> <sid> [reply-to] <#bytes>
        const parts = line.split(' ');
        const size = Number(parts[parts.length - 1]);
        if (this.buffer.length < eol + 2 + size + 2) return;
        const data = this.buffer.subarray(eol + 2, eol + 2 + size);
        this.buffer = this.buffer.subarray(eol + 2 + size + 2);
        this.handlers.get(Number(parts[2]))?.({ subject: parts[1], data: Buffer.from(data) });
        continue;
      }
      this.buffer = this.buffer.subarray(eol + 2);
      if (op === 'INFO') {
        this.serverInfo = JSON.parse(line.slice(5));
        this.onInfo?.();
      } else if (op === 'PING') this.write('PONG\r\n');
      else if (op === 'PONG') this.pongs.shift()?.();
      else if (op === '-ERR') this.fail(new Error(`nats server: ${line}`));
    }
  }
}
