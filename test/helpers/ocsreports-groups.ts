import type { Knex } from 'knex';
import { expect } from 'vitest';

/**
 * ocsreports 2.11's group pages, as SQL (ms_groups.php list and count, ms_group_show.php header,
 * cached members and the "replay" of the definition with its own entity decoding and splitting).
 */
export async function ocsreportsGroupPages(k: Knex, gid: number): Promise<number[]> {
  await k.raw(
    `select h.ID, h.NAME, h.DESCRIPTION, h.LASTDATE from hardware h,\`groups\` g where g.hardware_id=h.id and h.deviceid = '_SYSTEMGROUP_' group by h.ID`,
  );
  await k.raw(
    `SELECT count(*) nb, group_id from groups_cache gc,hardware h where h.id=gc.hardware_id group by group_id`,
  );
  const [head] = (await k.raw(
    `SELECT REQUEST, CREATE_TIME, NAME, XMLDEF, DESCRIPTION,LASTDATE,OSCOMMENTS,DEVICEID FROM hardware h left join \`groups\` g on g.hardware_id=h.id WHERE ID=${gid} AND (deviceid ='_SYSTEMGROUP_' or deviceid='_DOWNLOADGROUP_')`,
  )) as [Array<{ CREATE_TIME: number | null; XMLDEF: string | null }>];
  expect(head[0], 'the group page finds the group').toBeTruthy();
  expect(head[0]!.CREATE_TIME, 'a group page with an empty CREATE_TIME shows a server group').not.toBeNull();
  await k.raw(
    `SELECT h.ID, h.NAME FROM hardware h LEFT JOIN accountinfo a ON a.hardware_id=h.id LEFT JOIN bios b ON b.hardware_id=h.id ,groups_cache e where group_id='${gid}' and h.id=e.HARDWARE_ID`,
  );
  const xml = head[0]!.XMLDEF ?? '';
  if (!xml) return [];
  const decode = (t: string) =>
    ['&lt;', '&gt;', '&quot;', '&apos;', '&amp;'].reduce(
      (s, e) => s.split(e).join({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' }[e]!),
      t,
    );
  const parts = decode(xml)
    .replace('<xmldef>', '')
    .split('</REQUEST>')
    .join('')
    .replace('</xmldef>', '')
    .trim()
    .split('<REQUEST>');
  expect(parts.length, 'one REQUEST').toBe(2);
  const [rows] = (await k.raw(decode(parts[1]!))) as [Array<{ ID: number }>];
  return rows.map((r) => Number(r.ID)).sort((a, b) => a - b);
}
