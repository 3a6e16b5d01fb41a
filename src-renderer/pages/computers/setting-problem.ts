import { settingIssue, type SettingName, type SettingValue } from '@shared/contract/computers';
import type { TFunction } from 'i18next';

/**
 * Why a per-computer (or per-group) setting value is refused, in the operator's language: the same bounds as
 * General options (shared/contract/computers.ts `settingIssue`, which the route schema applies too).
 */
export function settingProblemText(t: TFunction, name: SettingName, v: SettingValue | null): string | null {
  const p = settingIssue(name, v);
  if (!p) return null;
  const unit = p.unit ? t(`computers:settings.problem.unit.${p.unit}`) : '';
  return t(`computers:settings.problem.${p.key}`, { min: p.min, max: p.max, unit });
}
