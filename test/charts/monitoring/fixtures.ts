import { PlatformSpec } from '../../../charts/spec';

/** A small platform whose alerts the promtool unit tests exercise: namespace "shop", default thresholds. */
export const SHOP: PlatformSpec = {
  namespace: 'shop',
  services: {
    api: { image: 'ghcr.io/shop/api:1.0.0', ports: { http: { port: 8080 } } },
    web: { image: 'ghcr.io/shop/web:1.0.0', ports: { http: { port: 3000 } }, talksTo: ['api'] },
    chat: { image: 'ghcr.io/shop/chat:1.0.0', ports: { ws: { port: 8081, protocol: 'ws' } } },
  },
};
