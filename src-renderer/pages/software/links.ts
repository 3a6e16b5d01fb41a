/** The computers search on one software name: those that have it (EQUAL), or those that do not (DIFFERENT). */
function softwareSearch(name: string, op: 'EQUAL' | 'DIFFERENT'): string {
  const filter = { criteria: [{ field: 'software.NAME', op, value: name }], match: 'all' };
  return `/search?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}`;
}

export const hasLink = (name: string): string => softwareSearch(name, 'EQUAL');
export const hasNotLink = (name: string): string => softwareSearch(name, 'DIFFERENT');
