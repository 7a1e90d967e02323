import { checkStorageReservations } from '../../../charts/nats/checks';
import { ProblemCollector, SpecError } from '../../../charts/lib/errors';
import { NatsSpec } from '../../../charts/spec';
import { synthSpec } from '../../helpers';
import { natsPlatform } from './fixtures';

/** The messages of the SpecError an ad-hoc NATS spec raises ('' when it synthesizes). */
function problems(nats: Partial<NatsSpec>): string {
  try {
    synthSpec(natsPlatform(nats));
    return '';
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.message;
  }
}

describe('NATS spec checks', () => {
  test('a valid spec passes', () => expect(problems({ streams: { A: { subjects: ['a.>'] } } })).toBe(''));

  test('even server counts and fewer than one server', () => {
    expect(problems({ servers: 2 })).toMatch(/nats\.servers: received 2; expected an odd number of servers \(1, 3 or 5\)\. Fix: JetStream's Raft groups need a majority: 2 servers tolerate no more failures than 1 .*use 1 or 3/);
    expect(problems({ servers: 4 })).toMatch(/nats\.servers: received 4; expected an odd number.*use 3 or 5/);
    expect(problems({ servers: 0 })).toMatch(/nats\.servers: received 0; expected an integer >= 1/);
  });

  test('stream replicas above the server count', () => {
    expect(problems({ servers: 3, streams: { A: { subjects: ['a.*'], replicas: 5 } } }))
      .toMatch(/nats\.streams\.A\.replicas: received 5; expected at most the number of servers \(3\)\. Fix: JetStream cannot place 5 replicas on 3 servers/);
    expect(problems({ servers: 7, streams: { A: { subjects: ['a.*'], replicas: 7 } } })).toMatch(/replicas: received 7; expected an integer from 1 to 5/);
  });

  test('subjects overlapping between two streams, and inside one', () => {
    const msg = problems({ streams: { ORDERS: { subjects: ['orders.*'] }, ALL: { subjects: ['orders.>'] } } });
    expect(msg).toMatch(/nats\.streams\.ORDERS\.subjects\[0\]: received "orders\.\*"; expected subjects that no message can share with stream ALL \("orders\.>"\)/);
    expect(problems({ streams: { A: { subjects: ['a.*', 'a.b'] } } })).toMatch(/nats\.streams\.A\.subjects\[1\]: received "a\.b"; expected subjects that no message can share with another subject of the same stream/);
    expect(problems({ streams: { A: { subjects: ['a.*'] }, B: { subjects: ['b.*'] } } })).toBe('');
  });

  test('invalid subjects', () => {
    expect(problems({ streams: { A: { subjects: ['a.>.b'] } } })).toMatch(/nats\.streams\.A\.subjects\[0\]: received "a\.>\.b"; expected a NATS subject/);
    expect(problems({ streams: { A: { subjects: [] } } })).toMatch(/nats\.streams\.A\.subjects: received \[\]; expected at least one subject/);
  });

  test('durations and sizes', () => {
    expect(problems({ streams: { A: { subjects: ['a.*'], maxAge: '7d' } } }))
      .toMatch(/nats\.streams\.A\.maxAge: received "7d"; expected a Go duration such as "2m", "168h" or "1h30m"\. Fix: write days as hours, e\.g\. 180 days = "4320h"/);
    expect(problems({ streams: { A: { subjects: ['a.*'], duplicateWindow: '2 minutes' } } })).toMatch(/duplicateWindow: received "2 minutes"; expected a Go duration/);
    expect(problems({ streams: { A: { subjects: ['a.*'], maxAge: '1m' } } }))
      .toMatch(/nats\.streams\.A\.duplicateWindow: received "2m"; expected at most maxAge \(1m\)/);
    expect(problems({ streams: { A: { subjects: ['a.*'], maxBytes: '1.5GB' } } }))
      .toMatch(/nats\.streams\.A\.maxBytes: received "1\.5GB"; expected a size such as "512MB", "1GB" or "50GB"/);
    expect(problems({ streams: { A: { subjects: ['a.*'], maxBytes: 'lots' } } })).toMatch(/maxBytes: received "lots"/);
  });

  test('stream names: JetStream rules, and distinct resource names', () => {
    for (const bad of ['MY STREAM', 'A.B', 'A*', 'A>']) {
      expect(problems({ streams: { [bad]: { subjects: ['x.*'] } } })).toMatch(/expected a stream name of letters, digits, "-" and "_".*Fix: JetStream forbids spaces, "\.", "\*", ">"/);
    }
    expect(problems({ streams: { Orders: { subjects: ['o.*'] }, ORDERS: { subjects: ['p.*'] } } }))
      .toMatch(/nats\.streams\.Orders: received "Orders"; expected a name distinct from "ORDERS" once lowercased \("nats-orders"\)/);
  });

  test('consumers: name, filter inside the stream, ack wait', () => {
    const msg = problems({ streams: { A: { subjects: ['a.*'], consumers: { 'bad.name': {}, ok: { filterSubject: 'b.x', ackWait: 'soon' } } } } });
    expect(msg).toMatch(/nats\.streams\.A\.consumers\.bad\.name: received "bad\.name"; expected a durable name/);
    expect(msg).toMatch(/consumers\.ok\.filterSubject: received "b\.x"; expected a subject within the stream's subjects \(a\.\*\)/);
    expect(msg).toMatch(/consumers\.ok\.ackWait: received "soon"; expected a Go duration/);
    expect(problems({ streams: { A: { subjects: ['a.>'], consumers: { ok: { filterSubject: 'a.b.*' } } } } })).toBe('');
  });

  test('memory limit below the memory store', () => {
    expect(problems({ maxMemoryStore: '2Gi', resources: { memoryRequest: '1Gi' } }))
      .toMatch(/nats\.resources\.memoryRequest: received "1Gi"; expected more memory than maxMemoryStore \(2Gi\)/);
  });

  test('the volume size is required and a quantity', () => {
    expect(problems({ storage: {} as never })).toMatch(/nats\.storage\.size: received nothing; expected the JetStream volume size per server/);
    expect(problems({ storage: { size: 'big' } })).toMatch(/nats\.storage\.size: received "big"; expected a Kubernetes quantity/);
  });

  test('name, cluster name and enums', () => {
    expect(problems({ name: 'Events' })).toMatch(/nats\.name: received "Events"; expected a DNS-1123 label/);
    expect(problems({ clusterName: 'my cluster' })).toMatch(/nats\.clusterName: received "my cluster"/);
    expect(problems({ streamManagement: 'helm' as never })).toMatch(/nats\.streamManagement: received "helm"; expected one of "nack", "job"/);
    expect(problems({ streams: { A: { subjects: ['a.*'], retention: 'forever' as never } } })).toMatch(/retention: received "forever"/);
  });
});

describe('checkStorageReservations', () => {
  const run = (nats: NatsSpec) => {
    const c = new ProblemCollector('p');
    checkStorageReservations(c, nats);
    return c.problems.map((p) => `${p.path}: ${p.expected}`).join('\n');
  };

  test('a stream larger than one server store, and reservations beyond the cluster store', () => {
    const out = run({ servers: 1, storage: { size: '10Gi' }, streams: { BIG: { subjects: ['b.*'], maxBytes: '50GB' }, SMALL: { subjects: ['s.*'], maxBytes: '1GB' } } });
    expect(out).toContain("p.nats.streams.BIG.maxBytes: at most one server's file store, 9663676416 bytes (9 GiB)");
    expect(out).toContain("p.nats.storage.size: room for the file streams' maxBytes x replicas, 54760833024 bytes (51 GiB)");
  });

  test('R3 on three servers reserves three copies; deltran-mvp prod sizes fit', () => {
    const streams = { A: { subjects: ['a.*'], maxBytes: '50GB' }, B: { subjects: ['b.*'], maxBytes: '25GB' } };
    expect(run({ servers: 3, storage: { size: '200Gi' }, streams })).toBe('');
    expect(run({ servers: 3, storage: { size: '80Gi' }, streams })).toMatch(/nats\.storage\.size: room for the file streams' maxBytes x replicas, 241591910400 bytes/);
  });

  test('memory streams count against the memory store', () => {
    expect(run({ storage: { size: '10Gi' }, maxMemoryStore: '1Gi', streams: { M: { subjects: ['m.*'], storage: 'memory', maxBytes: '2GB' } } }))
      .toMatch(/M\.maxBytes: at most one server's memory store/);
  });
});
