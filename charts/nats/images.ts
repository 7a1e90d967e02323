/** Pinned images; each is overridable from the spec where it matters (`nats.image`). */
export const NATS_IMAGE = 'nats:2.10.29-alpine';
/** Its metric names are the ones the alert rules use (checked against 0.20.2's output). */
export const EXPORTER_IMAGE = 'natsio/prometheus-nats-exporter:0.20.2';
/** nats CLI for the stream Job. */
export const NATS_BOX_IMAGE = 'natsio/nats-box:0.18.0';
