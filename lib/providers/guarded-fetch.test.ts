import { describe, expect, it } from 'vitest';
import { allowedAddress, type Resolver } from './guarded-fetch';
import { NO_EXCEPTIONS, OutboundRefusedError } from './url-policy';

const answers = (...addresses: string[]): Resolver => async () => addresses.map((address) => ({ address }));

describe('allowedAddress (the check the connector runs before every connection)', () => {
  const target = { hostname: 'provider.example.test', port: 443 };

  it('returns the first address when every address is public', async () => {
    await expect(allowedAddress(target, NO_EXCEPTIONS, answers('93.184.216.34', '2606:2800:220:1::1'))).resolves.toBe('93.184.216.34');
  });

  it('refuses a name with any private address among its answers', async () => {
    const err = await allowedAddress(target, NO_EXCEPTIONS, answers('93.184.216.34', '10.0.0.7')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as Error).message).toMatch(/provider\.example\.test \(10\.0\.0\.7\): it is a private network address/);
  });

  it('judges an IP literal itself, without asking the resolver', async () => {
    let asked = 0;
    const resolver: Resolver = async () => { asked++; return [{ address: '8.8.8.8' }]; };
    await expect(allowedAddress({ hostname: '169.254.169.254', port: 80 }, NO_EXCEPTIONS, resolver)).rejects.toThrow(/link-local/);
    expect(asked).toBe(0);
  });

  it('passes resolver failures on as they are (not as a refusal)', async () => {
    const failing: Resolver = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' }); };
    const err = await allowedAddress(target, NO_EXCEPTIONS, failing).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(OutboundRefusedError);
    expect((err as { code?: string }).code).toBe('ENOTFOUND');
  });
});
