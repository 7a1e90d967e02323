/** Plain-text and Markdown (PR comment) renderings of a manifest diff and its dangers. */
import { ChangedObject, displayName, FieldChange, ManifestDiff, ManifestObject } from './compare';
import { Danger } from './dangers';
import { unifiedLineDiff } from './line-diff';

/** PR label that lets the manifest-diff check pass despite dangers. */
export const ALLOW_DANGER_LABEL = 'allow-dangerous-manifest-change';
/** First line of the Markdown report, so CI can find and update its earlier comment. */
export const COMMENT_MARKER = '<!-- manifest-diff -->';
/** GitHub rejects comments over 65536 characters. */
const MARKDOWN_BUDGET = 60_000;
/** Single-line values longer than this are shortened around the first difference. */
const MAX_INLINE = 100;

export interface FormatOptions {
  /** What the old side is, e.g. "origin/main (synthesized)". */
  readonly baseLabel: string;
  /** What the new side is, e.g. "working tree (synthesized)". */
  readonly headLabel: string;
}

export function formatText(diff: ManifestDiff, dangers: readonly Danger[], opts: FormatOptions): string {
  const lines: string[] = [`Manifest diff: ${opts.baseLabel} -> ${opts.headLabel}`, summaryLine(diff), ''];
  if (dangers.length > 0) {
    lines.push(`DANGEROUS CHANGES (${dangers.length})`);
    for (const d of dangers) {
      lines.push(`  ! [${d.rule}] ${d.scope} ${d.object}: ${d.summary}`, `      at apply: ${d.atApply}`);
    }
    lines.push('');
  }
  for (const [scope, section] of byScope(diff)) {
    lines.push(scope);
    for (const o of section.added) lines.push(`  + ${displayName(o.id)}  (${baseName(o.file)})`);
    for (const o of section.removed) lines.push(`  - ${displayName(o.id)}  (${baseName(o.file)})`);
    for (const g of groupSameChanges(section.changed)) {
      lines.push(`  ~ ${g.title}`);
      for (const l of g.lines) lines.push(`      ${l}`);
    }
    lines.push('');
  }
  if (isEmpty(diff)) lines.push('No changes.', '');
  return lines.join('\n');
}

export function formatMarkdown(diff: ManifestDiff, dangers: readonly Danger[], opts: FormatOptions): string {
  const head: string[] = [
    COMMENT_MARKER,
    '## Manifest diff',
    '',
    `\`${opts.baseLabel}\` → \`${opts.headLabel}\`: ${summaryLine(diff)}`,
    '',
  ];
  if (dangers.length > 0) {
    head.push(`### :warning: Dangerous changes (${dangers.length})`, '');
    for (const d of dangers) {
      head.push(`- **\`${d.scope}\` ${escapeMd(d.object)}**: ${escapeMd(d.summary)} (\`${d.rule}\`)  `, `  At apply time: ${escapeMd(d.atApply)}`);
    }
    head.push('', `The check fails while dangers are listed; a maintainer who has planned the migration adds the label \`${ALLOW_DANGER_LABEL}\` to accept them.`, '');
  } else {
    head.push('No dangerous changes found.', '');
  }
  if (isEmpty(diff)) head.push('No changes to any manifest.');

  const sections: string[] = [];
  for (const [scope, section] of byScope(diff)) {
    const counts = [
      section.added.length && `${section.added.length} added`,
      section.removed.length && `${section.removed.length} removed`,
      section.changed.length && `${section.changed.length} changed`,
    ].filter(Boolean).join(', ');
    const body: string[] = [];
    for (const o of section.added) body.push(`+ ${displayName(o.id)}  (${baseName(o.file)})`);
    for (const o of section.removed) body.push(`- ${displayName(o.id)}  (${baseName(o.file)})`);
    for (const g of groupSameChanges(section.changed)) {
      body.push(`! ${g.title}`);
      for (const l of g.lines) body.push(`    ${l}`);
    }
    sections.push([`<details><summary><b>${scope}</b>: ${counts}</summary>`, '', '```diff', ...body.map(fence), '```', '</details>', ''].join('\n'));
  }

  let out = head.join('\n');
  let shown = 0;
  for (const s of sections) {
    if (out.length + s.length > MARKDOWN_BUDGET) break;
    out += `\n${s}`;
    shown++;
  }
  if (shown < sections.length) {
    out += `\n_${sections.length - shown} of ${sections.length} environment sections left out to fit a comment; run \`npm run diff -- <base-ref>\` locally for the full diff._\n`;
  }
  return out;
}

function summaryLine(diff: ManifestDiff): string {
  const scopes = byScope(diff).size;
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed ` +
    `(${diff.unchangedCount} unchanged) in ${scopes} environment${scopes === 1 ? '' : 's'}`;
}

interface ScopeSection { added: ManifestObject[]; removed: ManifestObject[]; changed: ChangedObject[] }

function byScope(diff: ManifestDiff): Map<string, ScopeSection> {
  const out = new Map<string, ScopeSection>();
  const get = (scope: string) => {
    if (!out.has(scope)) out.set(scope, { added: [], removed: [], changed: [] });
    return out.get(scope)!;
  };
  for (const o of diff.added) get(o.id.scope).added.push(o);
  for (const o of diff.removed) get(o.id.scope).removed.push(o);
  for (const c of diff.changed) get(c.id.scope).changed.push(c);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function isEmpty(diff: ManifestDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

/** Objects changed the same way (a version label on every object of a service) are listed once. */
const GROUP_AT = 3;

function groupSameChanges(changed: readonly ChangedObject[]): Array<{ title: string; lines: string[] }> {
  const groups = new Map<string, ChangedObject[]>();
  for (const c of changed) {
    const signature = `${baseName(c.after.file)}\n${changeLines(c).join('\n')}`;
    groups.set(signature, [...(groups.get(signature) ?? []), c]);
  }
  return [...groups.values()].flatMap((members) => {
    const lines = changeLines(members[0]);
    if (members.length < GROUP_AT) return members.map((c) => ({ title: `${displayName(c.id)}  (${baseName(c.after.file)})`, lines: changeLines(c) }));
    const names = members.map((c) => displayName(c.id)).join(', ');
    return [{ title: `${members.length} objects, same change  (${baseName(members[0].after.file)}): ${names}`, lines }];
  });
}

/** One line per changed field; multi-line strings as a unified diff below the path. */
export function changeLines(c: ChangedObject): string[] {
  const out: string[] = [];
  for (const f of c.changes) out.push(...fieldLines(f));
  return out;
}

function fieldLines(f: FieldChange): string[] {
  const { before, after } = f;
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) {
    // a final newline on both sides is not a line of its own
    const both = before.endsWith('\n') && after.endsWith('\n');
    const hunks = both ? unifiedLineDiff(before.slice(0, -1), after.slice(0, -1)) : unifiedLineDiff(before, after);
    return [`${f.path}: (text, ${lineCount(before)} -> ${lineCount(after)} lines)`, ...hunks.map((l) => `  ${l}`)];
  }
  if (typeof before === 'string' && typeof after === 'string' && (before.length > MAX_INLINE || after.length > MAX_INLINE)) {
    const [b, a] = aroundFirstDifference(before, after);
    return [`${f.path}: ${b} -> ${a}`];
  }
  return [`${f.path}: ${show(before)} -> ${show(after)}`];
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string' && v.includes('\n')) return `(text, ${lineCount(v)} lines)`;
  const json = JSON.stringify(v);
  return json.length > MAX_INLINE ? `${json.slice(0, MAX_INLINE)}… (${json.length} chars)` : json;
}

/** Both long strings cut to a window starting a little before where they first differ. */
function aroundFirstDifference(a: string, b: string): [string, string] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = Math.max(0, i - 20);
  const cut = (s: string) => `${start > 0 ? '…' : ''}${JSON.stringify(s.slice(start, start + MAX_INLINE))}${start + MAX_INLINE < s.length ? '…' : ''} (${s.length} chars)`;
  return [cut(a), cut(b)];
}

function lineCount(s: string): number {
  return s.endsWith('\n') ? s.split('\n').length - 1 : s.split('\n').length;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** A line inside a ```diff block must not close the fence. */
function fence(line: string): string {
  return line.replace(/```/g, '`\u200b``');
}

/** Keeps object names and messages from being read as HTML. */
function escapeMd(s: string): string {
  return s.replace(/</g, '&lt;');
}
