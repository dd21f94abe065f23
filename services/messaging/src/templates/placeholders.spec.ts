import { fillPlaceholders } from './placeholders';

describe('fillPlaceholders', () => {
  it('fills known placeholders, with or without spaces, and leaves unknown ones', () => {
    const text = 'Your {{appointment_type}} on {{ date }} at {{time}}. {{unknown}}';
    expect(fillPlaceholders(text, { appointment_type: 'check-up', date: '2027-01-05', time: '09:30' })).toBe(
      'Your check-up on 2027-01-05 at 09:30. {{unknown}}',
    );
  });
});
