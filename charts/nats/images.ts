/** Pinned images; each is overridable from the spec where it matters (`nats.image`). */
/**
 * 2.11: one minor release past 2.10, so a rolling update from the 2.10 line runs adjacent
 * versions side by side, as NATS supports; the configuration uses no key newer than 2.10.
 */
export const NATS_IMAGE = 'nats:2.11.17-alpine';
/** 0.20.1: the newest release that can be confirmed (a 0.20.2 tag could not); the alert rules use its metric names. */
export const EXPORTER_IMAGE = 'natsio/prometheus-nats-exporter:0.20.1';
/** nats CLI for the stream Job. */
export const NATS_BOX_IMAGE = 'natsio/nats-box:0.18.0';
