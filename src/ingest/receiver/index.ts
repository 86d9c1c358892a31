/** The OTLP/HTTP receiver's public surface. */
export { OtlpReceiver, type ReceiverOptions, type ReceiverStats } from './server';
export { nextFreePort } from './port';
export { applyRetention } from './retention';
