import * as net from 'net';

export type RespValue = string | number | null | RespValue[] | Error;

/** A minimal RESP2 client (one command at a time) for the live tests; no npm dependency. */
export class RedisClient {
  private buffer = Buffer.alloc(0);
  private waiting: Array<(v: RespValue) => void> = [];
  private failed?: Error;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = parse(this.buffer, 0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.end);
        this.waiting.shift()?.(parsed.value);
      }
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.splice(0)) w(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, timeoutMs = 3000): Promise<RedisClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      const timer = setTimeout(() => { s.destroy(); reject(new Error(`redis ${host}:${port}: connect timeout`)); }, timeoutMs);
      s.once('connect', () => { clearTimeout(timer); resolve(new RedisClient(s)); });
      s.once('error', (e) => { clearTimeout(timer); reject(new Error(`redis ${host}:${port}: ${e.message}`)); });
    });
  }

  /** Sends one command; resolves with the reply (server errors come back as Error values, not rejections). */
  command(args: Array<string | number>, timeoutMs = 5000): Promise<RespValue> {
    if (this.failed) return Promise.reject(this.failed);
    const parts = args.map(String);
    this.socket.write(`*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis ${parts[0]}: no reply in ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((v) => {
        clearTimeout(timer);
        // the connection's own failure rejects; a server error reply is a value
        if (v === this.failed) reject(v);
        else resolve(v);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Connects, authenticates (when a password is given), runs one command, closes. */
export async function redisOnce(host: string, port: number, password: string | undefined, args: Array<string | number>, timeoutMs = 5000): Promise<RespValue> {
  const c = await RedisClient.connect(host, port, timeoutMs);
  try {
    if (password !== undefined) {
      const auth = await c.command(['AUTH', password], timeoutMs);
      if (auth instanceof Error) return auth;
    }
    return await c.command(args, timeoutMs);
  } finally {
    c.close();
  }
}

/** "role:master\r\nconnected_slaves:2\r\n..." -> { role: "master", connected_slaves: "2", ... } */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

function parse(buf: Buffer, at: number): { value: RespValue; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return { value: line, end: next };
    case '-': return { value: new Error(line), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, pos);
        if (!item) return undefined;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default: throw new Error(`RESP: unexpected type byte ${JSON.stringify(type)}`);
  }
}
