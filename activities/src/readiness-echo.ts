/** The readiness probe's activity: answering at all is the proof. */
export function readinessEcho(nonce: string): Promise<string> {
  return Promise.resolve(nonce);
}
