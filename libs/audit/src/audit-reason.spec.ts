import { MAX_AUDIT_REASON_LENGTH } from './audit-entry';
import { reasonFromHeader } from './audit-reason';

describe('reasonFromHeader', () => {
  it('takes a trimmed reason', () => {
    expect(reasonFromHeader('  INC-4711: replay after the fix  ')).toEqual({
      ok: true,
      reason: 'INC-4711: replay after the fix',
    });
  });

  it('decodes UTF-8 bytes that Node handed over as Latin-1', () => {
    const sent = Buffer.from('pasient får ikke svar', 'utf8').toString('latin1');
    expect(reasonFromHeader(sent)).toEqual({ ok: true, reason: 'pasient får ikke svar' });
  });

  it.each([[undefined], [''], ['   '], [[]]])('answers missing for %j', (raw) => {
    expect(reasonFromHeader(raw)).toEqual({ ok: false, problem: 'missing' });
  });

  it.each([
    ['x'.repeat(MAX_AUDIT_REASON_LENGTH + 1)],
    ['line one\nline two'],
    ['tab\there'],
    ['nul\u0000'],
    ['c1 \u0085 control'],
    [['one', 'two']],
  ])('answers invalid for %j', (raw) => {
    expect(reasonFromHeader(raw)).toEqual({ ok: false, problem: 'invalid' });
  });

  it(`accepts exactly ${MAX_AUDIT_REASON_LENGTH} characters`, () => {
    expect(reasonFromHeader('å'.repeat(MAX_AUDIT_REASON_LENGTH))).toMatchObject({ ok: true });
  });
});
