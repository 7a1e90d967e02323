import { ManifestValidator, PassedObjects } from '../../validation';

const good = {
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' }, data: { k: 'v' },
};
const typo = { ...good, metadata: { name: 'b', namespace: 'x' }, datta: { k: 'v' } };

describe('PassedObjects', () => {
  test('hashes by content', () => {
    expect(PassedObjects.hash(good)).toBe(PassedObjects.hash(JSON.parse(JSON.stringify(good))));
    expect(PassedObjects.hash(good)).not.toBe(PassedObjects.hash(typo));
  });

  // uses the project's real cache file: it only ever holds objects that passed
  test('an object that passed is skipped next time; a failing one is checked every time', () => {
    const validator = ManifestValidator.load();
    const first = PassedObjects.open();
    expect(validator.validate([good, typo], first).filter((v) => v.check === 'schema').map((v) => v.object)).toEqual(['ConfigMap/x/b']);
    first.save();
    const second = PassedObjects.open();
    expect(second.has(PassedObjects.hash(good))).toBe(true);
    expect(second.has(PassedObjects.hash(typo))).toBe(false);
    // the broken object is never remembered, so it keeps failing
    expect(validator.validate([good, typo], second).filter((v) => v.check === 'schema').map((v) => v.object)).toEqual(['ConfigMap/x/b']);
  });
});
