import type { Knex } from 'knex';
import type { AgentFile } from '../../shared/contract/agentfiles';
import { LABEL_ROW } from '../../shared/contract/agentfiles';

/** deploy rows except the label row (NAME is utf8_general_ci, so `<>` is case-insensitive as upstream). */
export async function listFiles(k: Knex): Promise<AgentFile[]> {
  const rows = (await k('deploy')
    .select('NAME as name')
    .select(k.raw('LENGTH(CONTENT) AS size'))
    .whereNot('NAME', LABEL_ROW)
    .orderBy('NAME')) as Array<{ name: string; size: number | string }>;
  return rows.map((r) => ({ name: r.name, size: Number(r.size) }));
}

/** Replaces the row as the console does (delete then insert), in one transaction; true when one existed. */
export async function putFile(k: Knex, name: string, content: Buffer): Promise<boolean> {
  return k.transaction(async (trx) => {
    const removed = await trx('deploy').where('NAME', name).del();
    await trx('deploy').insert({ NAME: name, CONTENT: content });
    return removed > 0;
  });
}

export async function deleteFile(k: Knex, name: string): Promise<number> {
  return k('deploy').where('NAME', name).whereNot('NAME', LABEL_ROW).del();
}
