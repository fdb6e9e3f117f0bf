import { describe, expect, it } from 'vitest';
import { parseCommand, threshold } from '../../cli/args';
import { UsageError } from '../../cli/exit-codes';

// The command line of `npm run cli`: what it accepts, and the one-line message for what it cannot use.

const env = { EXPERIMENTS_API_KEY: 'key-from-env' };
const usage = (argv: string[], e: Record<string, string> = env) => {
  try {
    parseCommand(argv, e);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('parseCommand', () => {
  it('reads run with its flags, the connection from the environment unless flags say otherwise', () => {
    const cmd = parseCommand(['run', '--dataset', 'qa', '--config', 'e.json', '--min', 'exact=0.8', '--min', 'has=answer=1', '--timeout', '90', '--json'], env);
    expect(cmd).toMatchObject({
      kind: 'run', conn: { url: 'http://localhost:3000', apiKey: 'key-from-env' },
      run: { dataset: 'qa', configFile: 'e.json' },
      gate: { thresholds: [{ evaluator: 'exact', min: 0.8 }, { evaluator: 'has=answer', min: 1 }], allowStopped: false },
      follow: { timeoutMs: 90_000, progressEveryMs: 5000, stopOnTimeout: false },
      output: { json: true, quiet: false },
    });
    expect(parseCommand(['run', '--url', 'https://exp.example.test/', '--api-key', 'k'], { EXPERIMENTS_URL: 'http://other' }))
      .toMatchObject({ conn: { url: 'https://exp.example.test', apiKey: 'k' } });
    expect(parseCommand(['run'], { ...env, EXPERIMENTS_URL: 'http://10.0.0.5:3000/app/' })).toMatchObject({ conn: { url: 'http://10.0.0.5:3000/app' } });
    expect(parseCommand(['run', '--repetitions', '3', '--temperature', '0.5', '--max-tokens', '64'], env))
      .toMatchObject({ run: { repetitions: 3, temperature: 0.5, maxTokens: 64 } });
  });

  it('reads status and help', () => {
    expect(parseCommand(['status', 'abc', '--follow', '--allow-stopped'], env))
      .toMatchObject({ kind: 'status', id: 'abc', follow: { timeoutMs: null }, gate: { allowStopped: true } });
    expect(parseCommand(['status', 'abc'], env)).toMatchObject({ follow: null });
    for (const argv of [[], ['help'], ['--help'], ['run', '--help'], ['status', '-h']]) expect(parseCommand(argv, {})).toEqual({ kind: 'help' });
  });

  it('refuses what it cannot use, with a message that names the flag', () => {
    expect(usage(['run'], {})).toBe('No API key: set EXPERIMENTS_API_KEY (or pass --api-key); create one in Settings -> API keys');
    expect(usage(['deploy'])).toBe('Unknown command "deploy"; the commands are run, status and help');
    expect(usage(['run', '--datset', 'x'])).toBe(`Unknown option '--datset'; see "help"`);
    expect(usage(['run', 'extra'])).toBe('run takes no positional arguments (got "extra")');
    expect(usage(['status'])).toBe('status takes one experiment id: status <id>');
    expect(usage(['run', '--url', 'localhost:3000'])).toBe('The app URL must start with http:// or https:// (got "localhost:3000")');
    expect(usage(['run', '--url', 'not a url'])).toBe('The app URL "not a url" is not a URL (from --url or EXPERIMENTS_URL)');
    expect(usage(['run', '--timeout', 'soon'])).toBe('--timeout takes a number (got "soon")');
    expect(usage(['run', '--timeout', '0'])).toBe('--timeout is in seconds, more than 0 and at most 604800 (7 days)');
    expect(usage(['run', '--progress-every', '0.5'])).toBe('--progress-every is in seconds, 1 to 3600');
    expect(usage(['run', '--stop-on-timeout'])).toBe('--stop-on-timeout needs --timeout');
    expect(usage(['run', '--repetitions', '1.5'])).toBe('--repetitions takes a whole number (got "1.5")');
    expect(usage(['run', '--min', 'exact=0.5', '--min', 'exact=0.6'])).toBe('--min is given twice for "exact"');
  });
});

describe('threshold', () => {
  it('is <evaluator>=<mean from 0 to 1>', () => {
    expect(threshold('exact=0')).toEqual({ evaluator: 'exact', min: 0 });
    expect(threshold(' judge score =0.75')).toEqual({ evaluator: 'judge score', min: 0.75 });
    for (const raw of ['exact', '=0.5', 'exact=', 'exact=high']) {
      expect(() => threshold(raw)).toThrow(`--min takes <evaluator>=<mean>, e.g. --min exact=0.8 (got "${raw}")`);
    }
    expect(() => threshold('exact=80')).toThrow('--min exact: the mean is a score from 0 to 1 (got 80)');
  });
});
