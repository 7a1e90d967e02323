import { firstHttpPort, metricsPortOf, portNamingProblems, servicePortName } from '../../../charts/services/ports';
import { PLATFORMS } from '../../../platforms';
import { K8sObject, synthShipped } from '../../helpers';

describe('Service port naming', () => {
  test('protocol prefixes: ws is an HTTP upgrade', () => {
    expect(servicePortName({ name: 'api', port: 80, protocol: 'http' })).toBe('http-api');
    expect(servicePortName({ name: 'rpc', port: 80, protocol: 'grpc' })).toBe('grpc-rpc');
    expect(servicePortName({ name: 'ws', port: 80, protocol: 'ws' })).toBe('http-ws');
    expect(servicePortName({ name: 'raw', port: 80, protocol: 'tcp' })).toBe('tcp-raw');
  });

  test('the naming check rejects an unnamed port and a name Istio cannot classify', () => {
    expect(portNamingProblems([{ port: 8080 }])).toEqual(['port 8080 has no name']);
    expect(portNamingProblems([{ name: 'web', port: 8080 }])).toEqual([expect.stringMatching(/port 8080 "web" has neither an Istio protocol prefix/)]);
    expect(portNamingProblems([{ name: 'web', port: 8080, appProtocol: 'http' }])).toEqual([]);
    expect(portNamingProblems([{ name: 'http', port: 80 }, { name: 'grpc-rpc', port: 9090 }, { name: 'tcp-raw', port: 7000 }])).toEqual([]);
    // "httpx" is not the "http" prefix
    expect(portNamingProblems([{ name: 'httpx-api', port: 80 }])).toHaveLength(1);
  });

  test('every Service port of every shipped platform environment is named for Istio', () => {
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) {
        for (const [file, objects] of synthShipped(def.name, env)) {
          if (!file.startsWith('svc-')) continue;
          for (const svc of objects.filter((o: K8sObject) => o.kind === 'Service')) {
            expect({ service: `${def.name}/${env}/${svc.metadata.name}`, problems: portNamingProblems(svc.spec.ports) })
              .toEqual({ service: `${def.name}/${env}/${svc.metadata.name}`, problems: [] });
          }
        }
      }
    }
  });
});

describe('port roles', () => {
  const spec = { image: 'x:1', ports: { rpc: { port: 9090, protocol: 'grpc' as const }, ws: { port: 8089, protocol: 'ws' as const }, api: { port: 8080 } } };
  test('the first http or ws port serves health and metrics', () => {
    expect(firstHttpPort(spec)?.name).toBe('ws');
    expect(metricsPortOf(spec)?.name).toBe('ws');
    expect(metricsPortOf({ ...spec, metricsPort: 'api' })?.name).toBe('api');
    expect(metricsPortOf({ image: 'x:1', ports: { rpc: { port: 9090, protocol: 'grpc' } } })).toBeUndefined();
  });
});
