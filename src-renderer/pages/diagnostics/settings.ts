import type { DiagnosticsInput } from '@shared/contract/diagnostics';
import { loadServerCheck } from '../certificates/server-check';

/** The addresses the checks use, kept on this computer (empty: the environment, then the database). */
export interface DiagnosticsSettings {
  commServerUrl: string;
  commServerHttpsUrl: string;
  certUrl: string;
  caFile: string;
}
const KEY = 'ocs-desk-diagnostics';

export function loadDiagnosticsSettings(): DiagnosticsSettings {
  let saved: Partial<DiagnosticsSettings> | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<DiagnosticsSettings> | null;
  } catch {
    saved = null;
  }
  // Until saved here, the deployment server checked on the Certificates page is the one to watch.
  const cert = loadServerCheck();
  return {
    commServerUrl: saved?.commServerUrl ?? '',
    commServerHttpsUrl: saved?.commServerHttpsUrl ?? '',
    certUrl: saved?.certUrl ?? (cert?.url && cert.url !== 'https://' ? cert.url : ''),
    caFile: saved?.caFile ?? cert?.caFile ?? '',
  };
}

export function saveDiagnosticsSettings(s: DiagnosticsSettings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

/** The route's input: blank fields left out (so the environment and the database answer). */
export function toInput(s: DiagnosticsSettings): DiagnosticsInput {
  const v = (x: string) => x.trim() || undefined;
  return {
    commServerUrl: v(s.commServerUrl),
    commServerHttpsUrl: v(s.commServerHttpsUrl),
    certUrl: v(s.certUrl),
    caFile: v(s.caFile),
  };
}
