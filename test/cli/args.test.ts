import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileSystemErrorLine, parseArgs, usageErrorLine, UsageError } from '../../cli/args';

const DECLARED = { platform: 'value', check: 'flag' } as const;

describe('parseArgs', () => {
  test('value options take the next argument or =value; flags stand alone; the rest are positionals', () => {
    expect(parseArgs(['--platform', 'shop', '--check', 'HEAD'], DECLARED)).toEqual({ options: { platform: 'shop', check: true }, positionals: ['HEAD'], help: false });
    expect(parseArgs(['--platform=shop'], DECLARED).options).toEqual({ platform: 'shop' });
  });

  test('-h or --help anywhere wins over everything else, even a bad option', () => {
    expect(parseArgs(['--nope', '-h'], DECLARED).help).toBe(true);
    expect(parseArgs(['--help'], DECLARED).help).toBe(true);
  });

  test.each([
    [['--nope'], 'unknown option "--nope"'],
    [['-p'], 'unknown option "-p"'],
    [['--nope=1'], 'unknown option "--nope"'],
    [['--platform'], '--platform needs a value'],
    [['--platform='], '--platform needs a value'],
    [['--check=yes'], '--check takes no value'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, DECLARED)).toThrow(new UsageError(message));
  });

  test('the usage line names the command and points at its help', () => {
    expect(usageErrorLine('diff', 'npm run diff -- --help', new UsageError('unknown option "--x"'))).toBe('diff: unknown option "--x"; see `npm run diff -- --help`');
  });
});

describe('fileSystemErrorLine', () => {
  const caught = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected a throw');
  };

  test('real file-system errors become one line naming the path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'args-test-'));
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(fileSystemErrorLine(caught(() => fs.readFileSync(path.join(dir, 'missing'))))).toBe(`cannot open ${path.join(dir, 'missing')}: no such file or folder`);
    expect(fileSystemErrorLine(caught(() => fs.mkdirSync(path.join(dir, 'file'), { recursive: true })))).toBe(`cannot mkdir ${path.join(dir, 'file')}: a file is in the way`);
    expect(fileSystemErrorLine(caught(() => fs.mkdirSync(path.join(dir, 'file', 'sub'), { recursive: true })))).toBe(`cannot mkdir ${path.join(dir, 'file', 'sub')}: a part of the path is a file, not a folder`);
    expect(fileSystemErrorLine(caught(() => fs.renameSync(path.join(dir, 'missing'), path.join(dir, 'b'))))).toBe(`cannot rename ${path.join(dir, 'missing')} -> ${path.join(dir, 'b')}: no such file or folder`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('anything else is left to the caller (a bug keeps its stack trace)', () => {
    expect(fileSystemErrorLine(new TypeError('x is undefined'))).toBeUndefined();
    expect(fileSystemErrorLine(undefined)).toBeUndefined();
  });
});
