import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { loadCrds, loadK8sDefinitions, projectRoot, schemaCacheDir, schemaFilePath, schemaSources } from '../../validation/schema-cache';
import { tempDir } from '../temp-dirs';

const ROOT = path.resolve(__dirname, '..', '..');

describe('schema cache', () => {
  const saved = process.env.SCHEMA_CACHE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SCHEMA_CACHE;
    else process.env.SCHEMA_CACHE = saved;
  });

  test('the project root is found by walking up to crds/sources.json, from any depth', () => {
    expect(projectRoot()).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, 'validation'))).toBe(ROOT);
    expect(() => projectRoot(os.tmpdir())).toThrow(/crds\/sources\.json/);
  });

  test('defaults to <root>/.cache/schemas; SCHEMA_CACHE overrides it', () => {
    delete process.env.SCHEMA_CACHE;
    expect(schemaCacheDir()).toBe(path.join(ROOT, '.cache', 'schemas'));
    process.env.SCHEMA_CACHE = '/somewhere/else';
    expect(schemaCacheDir()).toBe('/somewhere/else');
  });

  test('a missing schema file names the file and the setup command', () => {
    process.env.SCHEMA_CACHE = tempDir('empty-schemas-');
    expect(() => loadK8sDefinitions()).toThrow(/k8s-openapi\/v1\.28\.0\/_definitions\.json.*npm run setup.*SCHEMA_MIRROR=<dir> node scripts\/fetch-schemas\.js/s);
    expect(() => loadCrds()).toThrow(/crds\/strimzi\/040-Crd-kafka\.yaml/);
  });

  test('loads the definitions and every CRD document (multi-document files included), with a source hash', () => {
    const k8s = loadK8sDefinitions();
    expect(k8s.value.definitions['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    expect(k8s.sourceHash).toMatch(/^[0-9a-f]{40}$/);
    const crds = loadCrds();
    const kinds = crds.map((c) => `${c.value.spec.group}/${c.value.spec.names.kind}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'kafka.strimzi.io/Kafka', 'kafka.strimzi.io/KafkaTopic', 'networking.istio.io/VirtualService', 'security.istio.io/AuthorizationPolicy',
      'monitoring.coreos.com/PrometheusRule', 'jetstream.nats.io/Stream', 'argoproj.io/Application', 'argoproj.io/AppProject',
    ]));
    expect(new Set(crds.map((c) => c.sourceHash)).size).toBe(crds.length);
  });

  test('the CRDs parse to the same documents the `yaml` package reads, without the validation cache', () => {
    const savedCache = process.env.VALIDATION_CACHE;
    process.env.VALIDATION_CACHE = 'off';
    try {
      const fast = loadCrds().map((c) => c.value);
      const reference = schemaSources().filter((s) => s.kind === 'crd')
        .flatMap((s) => parseAllDocuments(fs.readFileSync(schemaFilePath(s.file), 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 })))
        .filter((d) => d?.kind === 'CustomResourceDefinition');
      expect(fast.length).toBeGreaterThan(10);
      expect(fast).toEqual(reference);
    } finally {
      if (savedCache === undefined) delete process.env.VALIDATION_CACHE;
      else process.env.VALIDATION_CACHE = savedCache;
    }
  });
});
