import { describe, expect, it } from 'vitest';
import { addressRange, addressRefusal, NO_EXCEPTIONS, parseAllowedHosts, providerUrlProblem, PROVIDER_URL_MAX_CHARS, type OutboundPolicy } from './url-policy';

describe('providerUrlProblem', () => {
  it('accepts plain http(s) base URLs', () => {
    for (const url of ['https://api.openai.com/v1', 'http://localhost:11434/v1', 'http://[::1]:8000/v1', 'https://h.example/v1/']) {
      expect(providerUrlProblem(url)).toBeNull();
    }
  });

  it('refuses other schemes, credentials, fragments, queries and overlong URLs, without repeating the URL', () => {
    const cases: [string, RegExp][] = [
      ['not a url', /must be a URL/],
      ['ftp://h/v1', /http:\/\/ or https:\/\//],
      ['file:///etc/passwd', /http:\/\/ or https:\/\//],
      ['javascript:alert(1)', /http:\/\/ or https:\/\//],
      ['https://user:hunter2secret@h.example/v1', /user name or password/],
      ['https://sk-abc@h.example/v1', /user name or password/],
      // A trailing "#" made the SDK call exactly the path written before it.
      ['http://h.example/internal/admin#', /fragment/],
      ['http://h.example/v1#/x', /fragment/],
      ['http://h.example/v1?', /query/],
      ['http://h.example/v1?path=', /query/],
      [`https://h.example/${'a'.repeat(PROVIDER_URL_MAX_CHARS)}`, new RegExp(`at most ${PROVIDER_URL_MAX_CHARS.toLocaleString('en-US')} characters`)],
    ];
    for (const [url, message] of cases) {
      const problem = providerUrlProblem(url);
      expect(problem, url).toMatch(message);
      expect(problem).not.toContain('hunter2secret');
      expect(problem).not.toContain('sk-abc');
    }
  });
});

describe('addressRange', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped: judged as the IPv4 address
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], // the cloud metadata address
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'], // AWS's IPv6 metadata address
    ['100.100.100.200', 'carrierGradeNat'], // Alibaba's metadata address
    ['0.0.0.0', 'unspecified'], // connects to this machine on Linux
    ['::', 'unspecified'],
    ['64:ff9b::a00:1', 'rfc6052'], // NAT64 of 10.0.0.1
    ['::7f00:1', 'reserved'], // IPv4-compatible ::127.0.0.1, outside global unicast
    ['not-an-ip', 'invalid'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });
});

describe('addressRefusal', () => {
  const target = (hostname: string, port = 443) => ({ hostname, port });

  it('allows public addresses and refuses the rest by default, with a clear message', () => {
    expect(addressRefusal(target('api.openai.com'), '162.159.140.245', NO_EXCEPTIONS)).toBeNull();
    expect(addressRefusal(target('127.0.0.1', 9), '127.0.0.1', NO_EXCEPTIONS)).toMatch(/^Refused to connect to 127\.0\.0\.1: it is a loopback address/);
    expect(addressRefusal(target('169.254.169.254', 80), '169.254.169.254', NO_EXCEPTIONS)).toMatch(/link-local address \(where cloud metadata services live\)/);
    const rebound = addressRefusal(target('provider.example.test'), '10.0.0.7', NO_EXCEPTIONS);
    expect(rebound).toMatch(/^Refused to connect to provider\.example\.test \(10\.0\.0\.7\): it is a private network address/);
    expect(rebound).toMatch(/ALLOWED_PROVIDER_HOSTS/);
  });

  it('lets a provider flagged as the simulator reach loopback, and nothing else private', () => {
    const simulator: OutboundPolicy = { allow: [], allowLoopback: true };
    expect(addressRefusal(target('127.0.0.1', 4010), '127.0.0.1', simulator)).toBeNull();
    expect(addressRefusal(target('localhost', 4010), '::1', simulator)).toBeNull();
    expect(addressRefusal(target('169.254.169.254', 80), '169.254.169.254', simulator)).not.toBeNull();
    expect(addressRefusal(target('db.internal'), '10.0.0.2', simulator)).not.toBeNull();
  });

  it('allows what an admin lists: host names, host:port, IPs and CIDR ranges', () => {
    const policy: OutboundPolicy = { allow: parseAllowedHosts('ollama.internal, localhost:11434, 192.168.5.20, 10.8.0.0/16, [::1]:8000'), allowLoopback: false };
    expect(addressRefusal(target('ollama.internal', 11434), '192.168.1.9', policy)).toBeNull();
    expect(addressRefusal(target('OLLAMA.internal', 80), '192.168.1.9', { ...policy, allow: parseAllowedHosts('Ollama.Internal.') })).toBeNull();
    expect(addressRefusal(target('localhost', 11434), '127.0.0.1', policy)).toBeNull();
    expect(addressRefusal(target('localhost', 11435), '127.0.0.1', policy)).not.toBeNull(); // another port
    expect(addressRefusal(target('vllm.lan', 8000), '192.168.5.20', policy)).toBeNull(); // the IP, whatever the name
    expect(addressRefusal(target('gpu.lan', 8000), '10.8.3.4', policy)).toBeNull();
    expect(addressRefusal(target('gpu.lan', 8000), '10.9.3.4', policy)).not.toBeNull(); // outside the range
    expect(addressRefusal(target('::1', 8000), '::1', policy)).toBeNull();
    expect(addressRefusal(target('::1', 8001), '::1', policy)).not.toBeNull();
    expect(addressRefusal(target('169.254.169.254', 80), '169.254.169.254', policy)).not.toBeNull();
  });
});

describe('parseAllowedHosts', () => {
  it('reads every documented form, trimming blanks', () => {
    const rules = parseAllowedHosts(' ollama.internal ,localhost:11434,, 127.0.0.1, 10.0.0.0/8, ::1, [fd00::5]:8080, gpu.lan:80 ');
    expect(rules.map((r) => r.kind)).toEqual(['host', 'host', 'ip', 'cidr', 'ip', 'ip', 'host']);
    expect(rules[1]).toEqual({ kind: 'host', hostname: 'localhost', port: 11434 });
    expect(rules[6]).toEqual({ kind: 'host', hostname: 'gpu.lan', port: 80 }); // the parser's default port is kept
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts('')).toEqual([]);
  });

  it('names an entry it cannot read and the accepted forms', () => {
    for (const bad of ['http://h.example', 'h.example/v1', 'user@h.example', '10.0.0.0/99', 'h.example:', 'bad host', 'h.example:99999']) {
      expect(() => parseAllowedHosts(`ok.example, ${bad}`), bad).toThrow(new RegExp(`ALLOWED_PROVIDER_HOSTS: ".*" is not valid; use comma-separated host names`));
    }
  });
});
