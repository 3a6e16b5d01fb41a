import { describe, expect, it } from 'vitest';
import { SETTING_BOUNDS, SETTING_NAMES, SettingsChange, settingProblem } from './computers';
import { optionDef } from './options-catalogue';

describe('per-computer settings: the bounds of General options', () => {
  it('every setting takes its bounds from the options catalogue entry it overrides', () => {
    for (const n of SETTING_NAMES) {
      const b = SETTING_BOUNDS[n];
      const def = optionDef(b.option)!;
      expect(def, n).toBeDefined();
      if (n !== 'IPDISCOVER') expect([b.min, b.max], n).toEqual([def.min, def.max]);
    }
    expect(SETTING_BOUNDS.DOWNLOAD_SWITCH.option).toBe('DOWNLOAD');
    expect(SETTING_BOUNDS.FREQUENCY).toMatchObject({ type: 'frequency', min: -1 });
    expect(SETTING_BOUNDS.DOWNLOAD_TIMEOUT).toMatchObject({ type: 'days', min: 1 });
  });

  it('refuses DOWNLOAD_TIMEOUT -5 with a message in days, and a FREQUENCY below -1', () => {
    expect(settingProblem('DOWNLOAD_TIMEOUT', { ivalue: -5, tvalue: null })).toBe('from 1 to 3650 days');
    expect(settingProblem('DOWNLOAD_TIMEOUT', { ivalue: 7, tvalue: null })).toBeNull();
    expect(settingProblem('FREQUENCY', { ivalue: -2, tvalue: null })).toMatch(/never.*days/);
    expect(settingProblem('FREQUENCY', { ivalue: -1, tvalue: null })).toBeNull();
    expect(settingProblem('IPDISCOVER', { ivalue: 3, tvalue: null })).toMatch(/forced/);
    expect(settingProblem('DOWNLOAD_SWITCH', { ivalue: 2, tvalue: null })).toBe('0 (off) or 1 (on)');
    expect(settingProblem('PROLOG_FREQ', { ivalue: null, tvalue: null })).toMatch(/whole number/);
    expect(settingProblem('PROLOG_FREQ', null)).toBeNull();
  });

  it('the route schema reports the setting path, so the error names the field', () => {
    const r = SettingsChange.safeParse({ DOWNLOAD_TIMEOUT: { ivalue: -5, tvalue: null }, FREQUENCY: null });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['DOWNLOAD_TIMEOUT.ivalue', 'from 1 to 3650 days'],
    ]);
  });
});
