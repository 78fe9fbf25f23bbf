import { describe, expect, it } from 'vitest';
import { emptyForm, envLines } from './runform';

describe('envLines', () => {
  it('reads .env lines', () => {
    expect(envLines('# db\nexport USER=ann\nPASS="s3 cret"\n\nEMPTY=\n=x\nURL=a=b')).toEqual([
      { name: 'USER', value: 'ann' },
      { name: 'PASS', value: 's3 cret' },
      { name: 'EMPTY', value: '' },
      { name: '', value: 'x' },
      { name: 'URL', value: 'a=b' },
    ]);
  });
  it('starts from an empty form with no restart', () => {
    expect(emptyForm().restart).toBe('no');
  });
});
