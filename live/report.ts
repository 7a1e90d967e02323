/** Prints a scenario's measured figures in one block, so CI logs show them next to the test names. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  process.stderr.write(`\n[live] ${scenario}\n${lines.join('\n')}\n`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
