import { describe, expect, it } from 'vitest';
import { stixId, uuidv5 } from './uuidv5.js';

describe('uuidv5', () => {
  it('matches the RFC 4122 DNS-namespace example value for python.org', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') == 886313e1-3b8a-5372-9b90-0c9aee199e5d
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
  it('matches the STIX 2.1 spec id for the ipv4-addr example', () => {
    // stix2 library: IPv4Address(value="1.2.3.4").id (contributing properties as canonical JSON)
    // Python: uuid.uuid5(UUID('00abedb4-aa42-5ff0-9e9e-5d03f2c6b5ad'), '{"value":"1.2.3.4"}')
    expect(stixId('ipv4-addr', '{"value":"1.2.3.4"}')).toBe('ipv4-addr--3c0d1195-4858-5408-b553-d106b5e1e091');
    expect(stixId('ipv4-addr', '{"value":"1.2.3.5"}')).not.toBe(stixId('ipv4-addr', '{"value":"1.2.3.4"}'));
  });
  it('hashes names as UTF-8, of any length (values from Python uuid.uuid5)', () => {
    expect(uuidv5('{"value":"münchen-c2.de"}')).toBe('d96faa30-d0c6-588c-bbb1-95ea07347958');
    expect(uuidv5('x'.repeat(5000))).toBe('9cb76b78-1d9e-5a8c-b6e7-babc34bc6d93');
  });
});
