/** The NVD page of a CVE id, or null when the text is not a CVE id (never a URL built from free text). */
export function nvdLink(cve: string): string | null {
  return /^CVE-\d{4}-\d{4,7}$/.test(cve) ? `https://nvd.nist.gov/vuln/detail/${cve}` : null;
}
