import { parseComponentStatuses } from './component-status';

describe('parseComponentStatuses', () => {
  it('reads states and reasons, quoted or not', () => {
    expect(
      parseComponentStatuses('headset=ready,payment-terminal=error:"no paper, jammed",journal=not-installed'),
    ).toEqual([
      { name: 'headset', state: 'ready' },
      { name: 'payment-terminal', state: 'error', reason: 'no paper, jammed' },
      { name: 'journal', state: 'not_installed' },
    ]);
    expect(parseComponentStatuses('payment-terminal=starting:warming up')).toEqual([
      { name: 'payment-terminal', state: 'starting', reason: 'warming up' },
    ]);
  });

  it('refuses unknown states and unreadable entries', () => {
    expect(() => parseComponentStatuses('headset=broken')).toThrow(/unknown state broken/);
    expect(() => parseComponentStatuses('headset')).toThrow(/cannot read/);
  });
});
