import { maskPhone } from '../../cloudfunctions/_shared/privacy';
import { TokenSigner } from '../../local-cloud/auth';

describe('maskPhone', () => {
  it('shows only the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13805351234')).toBe('138****1234');
  });
  it('hides anything that is not a full mobile number entirely', () => {
    expect(maskPhone('0535-6612345')).toBe('****');
    expect(maskPhone('')).toBeNull();
    expect(maskPhone(null)).toBeNull();
  });
});

describe(TokenSigner.name, () => {
  it('round-trips an openid and rejects tampered or foreign tokens', () => {
    const a = TokenSigner.forDataDir(null);
    const b = TokenSigner.forDataDir(null);
    const token = a.sign('demo-resident');
    expect(a.verify(token)).toBe('demo-resident');
    expect(b.verify(token)).toBeNull();
    const [, mac] = token.split('.');
    expect(a.verify(`${Buffer.from('demo-district-admin').toString('base64url')}.${mac}`)).toBeNull();
    expect(a.verify('garbage')).toBeNull();
  });
});
