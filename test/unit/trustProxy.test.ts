import { ConfigError } from '../../config/config';
import { parseTrustProxy } from '../../http/trustProxy';
import { testConfig } from '../support/testConfig';

describe('TRUST_PROXY', () => {
  it('takes a count of proxies (as before) or the proxies by address, subnet or range name', () => {
    expect(parseTrustProxy('')).toEqual({ problems: [] });
    expect(parseTrustProxy('0')).toEqual({ problems: [] });
    expect(parseTrustProxy('2')).toEqual({ value: 2, problems: [] });
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,fd00::/8, 192.168.1.0/255.255.255.0 ,loopback')).toEqual({
      value: ['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '192.168.1.0/255.255.255.0', 'loopback'],
      problems: [],
    });
    expect(testConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(testConfig({ TRUST_PROXY: '10.1.2.3, 10.1.2.4' }).trustProxy).toEqual(['10.1.2.3', '10.1.2.4']);
  });

  it('refuses trusting everyone and anything that is not an address, naming it at start-up', () => {
    expect(parseTrustProxy('true').problems[0]).toMatch(/forge X-Forwarded-For/);
    expect(parseTrustProxy('11').problems).toHaveLength(1);
    expect(parseTrustProxy('10.0.0.0/33, lb.internal, 10.0.0.1/8/8').problems).toEqual([
      expect.stringContaining('"10.0.0.0/33"'),
      expect.stringContaining('"lb.internal"'),
      expect.stringContaining('"10.0.0.1/8/8"'),
    ]);
    expect(() => testConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => testConfig({ TRUST_PROXY: 'lb.internal' })).toThrow(/TRUST_PROXY/);
  });
});
