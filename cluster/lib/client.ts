import type * as k8s from '@kubernetes/client-node';

export type ClientLibrary = typeof k8s;
/** Any Kubernetes object, as plain data. */
export type KubernetesObject = { apiVersion: string; kind: string; metadata?: Record<string, any> } & Record<string, any>;

/**
 * @kubernetes/client-node is published as ES modules only. Node 20.19+ loads those with require(),
 * but jest's module registry cannot, so the library is loaded through Node's own loader.
 */
export function clientLibrary(): ClientLibrary {
  const nodeModule = (process as any).getBuiltinModule('module') as typeof import('module');
  return nodeModule.createRequire(__filename)('@kubernetes/client-node') as ClientLibrary;
}

/** `{a: 1, b: 2}` -> `a=1,b=2`, a label selector the API server takes. */
export function labelSelector(matchLabels: Record<string, string>): string {
  return Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** What the API server said about one server-side apply. */
export interface ApplyResult {
  readonly object: KubernetesObject;
  /** `Warning` headers of the response (deprecations, admission warnings, PSS "would violate"). */
  readonly warnings: string[];
}

export interface ApplyOptions {
  /** The field manager that owns the applied fields. */
  readonly fieldManager: string;
  /** Validate and admit without persisting. @default false */
  readonly dryRun?: boolean;
}

/** A client for any kind, by apiVersion/kind, with server-side apply as the write. */
export interface Cluster {
  readonly lib: ClientLibrary;
  readonly config: k8s.KubeConfig;
  readonly objects: k8s.KubernetesObjectApi;
  readonly core: k8s.CoreV1Api;
  /**
   * Server-side apply of one object exactly as given (the library's own patch re-serializes known
   * kinds through its models, which drops unknown fields: the server must see what `dist/` says),
   * with strict field validation and conflicts forced to this manager.
   */
  apply(object: KubernetesObject, options: ApplyOptions): Promise<ApplyResult>;
  /** A GET or POST of an API server path (for example a Service proxy), the body as text. */
  sendText(method: 'GET' | 'POST', path: string): Promise<string>;
}

/** A client for the cluster of a kubeconfig file, or of a KubeConfig already loaded (e.g. with a context chosen). */
export function connect(kubeconfig: string | k8s.KubeConfig): Cluster {
  const lib = clientLibrary();
  let config: k8s.KubeConfig;
  if (typeof kubeconfig === 'string') {
    config = new lib.KubeConfig();
    config.loadFromFile(kubeconfig);
  } else {
    config = kubeconfig;
  }

  class ObjectApi extends lib.KubernetesObjectApi {
    async applyExact(object: KubernetesObject, options: ApplyOptions): Promise<ApplyResult> {
      const path = await this.specUriPath(object, 'patch');
      const request = this.configuration.baseServer.makeRequestContext(path, lib.HttpMethod.PATCH);
      request.setHeaderParam('Accept', 'application/json');
      request.setHeaderParam('Content-Type', 'application/apply-patch+yaml');
      request.setQueryParam('fieldManager', options.fieldManager);
      request.setQueryParam('fieldValidation', 'Strict');
      request.setQueryParam('force', 'true');
      if (options.dryRun) request.setQueryParam('dryRun', 'All');
      request.setBody(JSON.stringify(object));
      await this.configuration.authMethods.default?.applySecurityAuthentication(request);
      const response = await this.configuration.httpApi.send(request).toPromise();
      const warnings = splitWarnings(response.headers['warning']);
      const body = await response.body.text();
      if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
        throw new ApplyError(object, response.httpStatusCode, body);
      }
      return { object: JSON.parse(body), warnings };
    }

    async sendText(method: 'GET' | 'POST', path: string): Promise<string> {
      const request = this.configuration.baseServer.makeRequestContext(path, method === 'GET' ? lib.HttpMethod.GET : lib.HttpMethod.POST);
      await this.configuration.authMethods.default?.applySecurityAuthentication(request);
      const response = await this.configuration.httpApi.send(request).toPromise();
      const body = await response.body.text();
      if (response.httpStatusCode < 200 || response.httpStatusCode > 299) throw new Error(`${method} ${path}: HTTP ${response.httpStatusCode}: ${reasonOf(body)}`);
      return body;
    }
  }
  const objects = lib.KubernetesObjectApi.makeApiClient(config);
  const exact = config.makeApiClient(ObjectApi);
  return {
    lib,
    config,
    objects,
    core: config.makeApiClient(lib.CoreV1Api),
    apply: (object, options) => exact.applyExact(object, options),
    sendText: (method, path) => exact.sendText(method, path),
  };
}

/** An apply the API server refused, with its reason. */
export class ApplyError extends Error {
  constructor(readonly object: KubernetesObject, readonly status: number, body: string) {
    super(`${describe(object)}: HTTP ${status}: ${reasonOf(body)}`);
  }
}

export function describe(object: KubernetesObject): string {
  const ns = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${ns}${object.metadata?.name}`;
}

function reasonOf(body: string): string {
  try {
    return JSON.parse(body).message ?? body;
  } catch {
    return body;
  }
}

/** `299 - "text", 299 - "other"` -> the texts (RFC 7234 warn-text). */
export function splitWarnings(header: string | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  const re = /\d{3} \S+ "((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out.push(m[1].replace(/\\(.)/g, '$1'));
  return out;
}
