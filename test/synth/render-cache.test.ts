/**
 * synth/render-cache.ts: an object whose content was rendered before takes its YAML from the
 * cache, any other object is rendered; each platform environment keeps exactly the objects of its
 * last render; a damaged file, another renderer's folder and RENDER_CACHE=off are handled.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PassedObjects } from '../../validation';
import { renderObject } from '../../synth/render';
import { RenderCache, rendererFingerprint } from '../../synth/render-cache';
import { tempDir } from '../temp-dirs';

const configMap = (name: string, value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } });
const hashOf = (o: object) => PassedObjects.hash(o);
const tempRoot = () => tempDir('render-cache-test-');
const entries = (root: string, scope: string) => JSON.parse(fs.readFileSync(path.join(root, rendererFingerprint(), `${scope}.json`), 'utf8')) as Record<string, string>;

/** A cache file for `scope` whose entry for `object` is `yaml`, as an earlier run would have left it (with a marker here, to see it used). */
function seed(root: string, scope: string, object: object, yaml: string): void {
  fs.mkdirSync(path.join(root, rendererFingerprint()), { recursive: true });
  fs.writeFileSync(path.join(root, rendererFingerprint(), `${scope}.json`), JSON.stringify({ [hashOf(object)]: yaml }));
}

describe('RenderCache', () => {
  test('an object rendered before is taken from the cache; a changed one is rendered', () => {
    const root = tempRoot();
    const before = configMap('a', '1');
    seed(root, 'p.dev', before, '# from the cache\n');
    const cache = RenderCache.open('p', 'dev', root);
    expect(cache.render(configMap('a', '1'), hashOf(before))).toBe('# from the cache\n');
    const changed = configMap('a', '2');
    expect(cache.render(changed, hashOf(changed))).toBe(renderObject(changed));
  });

  test('a save keeps exactly the objects of this render, and a render with nothing new writes nothing', () => {
    const root = tempRoot();
    const [a, b, c] = [configMap('a', '1'), configMap('b', '1'), configMap('c', '1')];
    const first = RenderCache.open('p', 'dev', root);
    for (const o of [a, b]) first.render(o, hashOf(o));
    first.save();
    expect(Object.keys(entries(root, 'p.dev')).sort()).toEqual([hashOf(a), hashOf(b)].sort());

    const second = RenderCache.open('p', 'dev', root);
    for (const o of [b, c]) second.render(o, hashOf(o));
    second.save();
    expect(entries(root, 'p.dev')).toEqual({ [hashOf(b)]: renderObject(b), [hashOf(c)]: renderObject(c) });

    const file = path.join(root, rendererFingerprint(), 'p.dev.json');
    fs.utimesSync(file, new Date(0), new Date(0));
    const third = RenderCache.open('p', 'dev', root);
    for (const o of [b, c]) third.render(o, hashOf(o));
    third.save();
    expect(fs.statSync(file).mtimeMs).toBe(0);
  });

  test('each platform environment has its own entries: rendering one never evicts another', () => {
    const root = tempRoot();
    const [a, b] = [configMap('a', 'dev'), configMap('a', 'prod')];
    const dev = RenderCache.open('p', 'dev', root);
    dev.render(a, hashOf(a));
    dev.save();
    const prod = RenderCache.open('p', 'prod', root);
    prod.render(b, hashOf(b));
    prod.save();
    expect(Object.keys(entries(root, 'p.dev'))).toEqual([hashOf(a)]);
    expect(Object.keys(entries(root, 'p.prod'))).toEqual([hashOf(b)]);
  });

  test('a damaged file renders everything and is replaced', () => {
    const root = tempRoot();
    const a = configMap('a', '1');
    fs.mkdirSync(path.join(root, rendererFingerprint()), { recursive: true });
    fs.writeFileSync(path.join(root, rendererFingerprint(), 'p.dev.json'), '{"trunc');
    const cache = RenderCache.open('p', 'dev', root);
    expect(cache.render(a, hashOf(a))).toBe(renderObject(a));
    cache.save();
    expect(entries(root, 'p.dev')).toEqual({ [hashOf(a)]: renderObject(a) });
  });

  test('a save removes the folders of other renderers', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '0123456789abcdef'), { recursive: true });
    fs.writeFileSync(path.join(root, '0123456789abcdef', 'p.dev.json'), '{}');
    const cache = RenderCache.open('p', 'dev', root);
    const a = configMap('a', '1');
    cache.render(a, hashOf(a));
    cache.save();
    expect(fs.readdirSync(root)).toEqual([rendererFingerprint()]);
  });

  test('RENDER_CACHE=off: rendered, nothing kept', () => {
    const root = tempRoot();
    const a = configMap('a', '1');
    seed(root, 'p.dev', a, '# from the cache\n');
    process.env.RENDER_CACHE = 'off';
    try {
      const cache = RenderCache.open('p', 'dev', root);
      expect(cache.render(a, hashOf(a))).toBe(renderObject(a));
      cache.save();
    } finally {
      delete process.env.RENDER_CACHE;
    }
    expect(entries(root, 'p.dev')).toEqual({ [hashOf(a)]: '# from the cache\n' });
  });
});
