import { checkDnsSubdomain, checkOneOf } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { PlatformSpec } from '../spec';
import { checkTraffic } from './traffic-checks';

/** The mesh defaults every service inherits. */
export function checkMesh(c: ProblemCollector, spec: PlatformSpec): void {
  const mesh = spec.mesh;
  if (!mesh) return;
  if (mesh.enabled !== undefined && typeof mesh.enabled !== 'boolean') c.add('mesh.enabled', mesh.enabled, 'true or false', 'write a boolean');
  checkOneOf(c, 'mesh.mtls', mesh.mtls, ['STRICT', 'PERMISSIVE']);
  if (mesh.trustDomain !== undefined) checkDnsSubdomain(c, 'mesh.trustDomain', mesh.trustDomain);
  if (mesh.accessLogging !== undefined && typeof mesh.accessLogging !== 'boolean') c.add('mesh.accessLogging', mesh.accessLogging, 'true or false', 'write a boolean');
  checkTraffic(c, 'mesh.traffic', mesh.traffic);
}
