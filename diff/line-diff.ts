/** A small unified line diff for multi-line strings (embedded config files, scripts, rules). */

const CONTEXT = 2;
/** Above this many cells the LCS table is skipped and the changed middle is shown as one replacement. */
const MAX_CELLS = 4_000_000;

type Op = { readonly type: ' ' | '-' | '+'; readonly line: string; readonly oldNo: number; readonly newNo: number };

/** Hunks in unified format (`@@ -a,b +c,d @@`, then ` `/`-`/`+` lines), without file headers. */
export function unifiedLineDiff(before: string, after: string): string[] {
  const ops = lineOps(before.split('\n'), after.split('\n'));
  const out: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].type === ' ') { i++; continue; }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // extend the hunk while the next change is within 2 * CONTEXT unchanged lines
    for (let j = i; j < ops.length; j++) {
      if (ops[j].type !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    const hunk = ops.slice(start, stop);
    const oldLines = hunk.filter((o) => o.type !== '+').length;
    const newLines = hunk.filter((o) => o.type !== '-').length;
    const oldStart = hunk.find((o) => o.type !== '+')?.oldNo ?? ops[start].oldNo;
    const newStart = hunk.find((o) => o.type !== '-')?.newNo ?? ops[start].newNo;
    out.push(`@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`);
    for (const o of hunk) out.push(`${o.type}${o.line}`);
    i = stop;
  }
  return out;
}

function lineOps(a: string[], b: string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: Op[] = [];
  let oldNo = 1;
  let newNo = 1;
  const push = (type: Op['type'], line: string) => {
    ops.push({ type, line, oldNo, newNo });
    if (type !== '+') oldNo++;
    if (type !== '-') newNo++;
  };
  for (let k = 0; k < prefix; k++) push(' ', a[k]);
  for (const [type, line] of middleOps(midA, midB)) push(type, line);
  for (let k = a.length - suffix; k < a.length; k++) push(' ', a[k]);
  return ops;
}

function middleOps(a: string[], b: string[]): Array<[Op['type'], string]> {
  if (a.length * b.length > MAX_CELLS) return [...a.map((l) => ['-', l] as [Op['type'], string]), ...b.map((l) => ['+', l] as [Op['type'], string])];
  // lengths of the longest common subsequence of a[i..] and b[j..]
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: Array<[Op['type'], string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
    else if (j < b.length && (i === a.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) { out.push(['+', b[j]]); j++; }
    else { out.push(['-', a[i]]); i++; }
  }
  // removals read better before additions within a replaced block
  return reorderBlocks(out);
}

function reorderBlocks(ops: Array<[Op['type'], string]>): Array<[Op['type'], string]> {
  const out: Array<[Op['type'], string]> = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k][0] === ' ') { out.push(ops[k++]); continue; }
    const block: Array<[Op['type'], string]> = [];
    while (k < ops.length && ops[k][0] !== ' ') block.push(ops[k++]);
    out.push(...block.filter((o) => o[0] === '-'), ...block.filter((o) => o[0] === '+'));
  }
  return out;
}
