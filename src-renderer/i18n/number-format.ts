const formats = new Map<string, Intl.NumberFormat>();

/**
 * One number formatter per language, made once: building an Intl.NumberFormat costs far more than
 * formatting with it, and grids format numbers for every row (and every scroll step) they draw.
 */
export function numberFormat(lang: string): Intl.NumberFormat {
  let f = formats.get(lang);
  if (!f) formats.set(lang, (f = new Intl.NumberFormat(lang)));
  return f;
}
