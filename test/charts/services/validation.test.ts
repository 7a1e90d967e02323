import { PLATFORMS } from '../../../platforms';
import { formatViolations, ManifestValidator } from '../../../validation';
import { allObjects, K8sObject, synthShipped } from '../../helpers';

/** Files this component writes: one per service, plus the edge. */
const isServicesFile = (file: string) => file.startsWith('svc-') || file === 'edge';

describe('validation of the services and edge of every shipped platform environment', () => {
  const validator = ManifestValidator.load();
  for (const def of PLATFORMS) {
    for (const env of Object.keys(def.environments)) {
      test(`${def.name} ${env}: zero violations`, () => {
        const files = synthShipped(def.name, env);
        const ourFiles = [...files.keys()].filter(isServicesFile);
        expect(ourFiles.some((f) => f.startsWith('svc-'))).toBe(true);
        // validate the whole environment (cross-object checks need the namespace), keep ours
        const ours = new Set(ourFiles.flatMap((f) => files.get(f)!.map(id)));
        const violations = validator.validate(allObjects(files)).filter((v) => ours.has(v.object));
        expect(formatViolations(violations)).toBe('');
      });
    }
  }
});

function id(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
}
