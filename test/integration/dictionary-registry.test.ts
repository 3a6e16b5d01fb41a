import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, failure, testApp, unchecked } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

const { call, callByName, session, connect } = testApp();

async function seed(k: Knex): Promise<void> {
  await k('hardware').insert([
    { ID: 1, DEVICEID: 'PC1-2024-01-01-00-00-00', NAME: 'PC1' },
    { ID: 2, DEVICEID: 'PC2-2024-01-01-00-00-00', NAME: 'PC2' },
    { ID: 3, DEVICEID: 'PC3-2024-01-01-00-00-00', NAME: 'PC3' },
  ]);
  await k('accountinfo').insert([
    { HARDWARE_ID: 1, TAG: 'PARIS' },
    { HARDWARE_ID: 2, TAG: 'LYON' },
    { HARDWARE_ID: 3, TAG: 'PARIS' },
  ]);
  await k('software_name').insert([
    { ID: 101, NAME: 'Firefox' },
    { ID: 102, NAME: 'Thunderbird' },
    { ID: 103, NAME: 'vim' },
    { ID: 104, NAME: 'LibreOffice Writer' },
    { ID: 105, NAME: 'LibreOffice Calc' },
  ]);
  const sw = (HARDWARE_ID: number, NAME_ID: number) => ({
    HARDWARE_ID,
    NAME_ID,
    PUBLISHER_ID: 1,
    VERSION_ID: 1,
  });
  // Firefox twice on PC1 (two versions): counted once.
  await k('software').insert([
    sw(1, 101),
    sw(1, 101),
    sw(2, 101),
    sw(3, 101),
    sw(1, 102),
    sw(2, 103),
    sw(1, 104),
  ]);
  // Pre-existing dictionary: vim ignored, Thunderbird unchanged.
  await k('dico_ignored').insert({ EXTRACTED: 'vim' });
  await k('dico_soft').insert({ EXTRACTED: 'Thunderbird', FORMATTED: 'Thunderbird' });
  await k('registry').insert([
    { HARDWARE_ID: 1, NAME: 'Run keys', REGVALUE: 'OneDrive=C:\\od.exe' },
    { HARDWARE_ID: 1, NAME: 'Run keys', REGVALUE: 'Teams=C:\\teams.exe' },
    { HARDWARE_ID: 2, NAME: 'Run keys', REGVALUE: 'OneDrive=C:\\od.exe' },
    { HARDWARE_ID: 3, NAME: 'Other', REGVALUE: 'x' },
  ]);
  await k('regconfig').insert({
    ID: 7,
    NAME: 'Run keys',
    REGTREE: 2,
    REGKEY: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    REGVALUE: '*',
  });
  await k('registry_name_cache').insert([{ NAME: 'Run keys' }, { NAME: 'Other' }]);
}

describe('software dictionary and registry queries', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  let user: Session;
  let paris: Session;
  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 1 });
    await seed(k);
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
    paris = await connect(session({ ...USER, id: 'paris', tags: ['PARIS'] }), db);
  });
  afterAll(async () => {
    await admin?.dispose();
    await user?.dispose();
    await paris?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  const list = (s: Session, input: unknown) => call(s, 'dictionary.list', unchecked(input));

  it('lists each tab with the number of computers per name, paged and filtered', async () => {
    const fresh = await list(user, { tab: 'NEW' });
    expect(fresh).toEqual({
      total: 3,
      rows: [
        { name: 'Firefox', computers: 3 },
        { name: 'LibreOffice Calc', computers: 0 },
        { name: 'LibreOffice Writer', computers: 1 },
      ],
    });
    expect(await list(user, { tab: 'NEW', filter: 'libre', offset: 1, limit: 1 })).toEqual({
      total: 2,
      rows: [{ name: 'LibreOffice Writer', computers: 1 }],
    });
    expect((await list(user, { tab: 'IGNORED' })).rows).toEqual([{ name: 'vim', computers: 1 }]);
    expect((await list(user, { tab: 'UNCHANGED' })).rows).toEqual([{ name: 'Thunderbird', computers: 1 }]);
    // A TAG-restricted operator counts only its computers.
    expect((await list(paris, { tab: 'NEW', filter: 'fire' })).rows).toEqual([
      { name: 'Firefox', computers: 2 },
    ]);
  });

  it('moves names to a new category, an existing one, UNCHANGED and IGNORED with the rows ocsreports writes', async () => {
    await call(admin, 'dictionary.move', {
      names: ['LibreOffice Writer', 'LibreOffice Calc'],
      to: { kind: 'CATEGORY', name: 'LibreOffice', create: true },
    });
    expect(await k('dico_soft').select('EXTRACTED', 'FORMATTED').orderBy('EXTRACTED')).toEqual([
      { EXTRACTED: 'LibreOffice Calc', FORMATTED: 'LibreOffice' },
      { EXTRACTED: 'LibreOffice Writer', FORMATTED: 'LibreOffice' },
      { EXTRACTED: 'Thunderbird', FORMATTED: 'Thunderbird' },
    ]);
    expect(await call(user, 'dictionary.categories')).toEqual({
      categories: [{ name: 'LibreOffice', names: 2 }],
      ignored: 1,
      unchanged: 1,
    });
    expect((await list(user, { tab: 'CATEGORY', category: 'LibreOffice' })).total).toBe(2);

    // The same category again as "new": refused, nothing written.
    const dup = await failure(
      call(admin, 'dictionary.move', {
        names: ['Firefox'],
        to: { kind: 'CATEGORY', name: 'libreoffice', create: true },
      }),
    );
    expect(dup.code).toBe('CONFLICT');
    const missing = await failure(
      call(admin, 'dictionary.move', { names: ['Firefox'], to: { kind: 'CATEGORY', name: 'Nope' } }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    const reserved = await failure(
      call(admin, 'dictionary.move', {
        names: ['Firefox'],
        to: { kind: 'CATEGORY', name: 'ignored', create: true },
      }),
    );
    expect(reserved.code).toBe('VALIDATION_FAILED');
    expect((await list(user, { tab: 'NEW' })).rows.map((r) => r.name)).toEqual(['Firefox']);

    // Category → IGNORED (leaves dico_soft), IGNORED → UNCHANGED (leaves dico_ignored), NEW → existing category.
    await call(admin, 'dictionary.move', { names: ['LibreOffice Calc'], to: { kind: 'IGNORED' } });
    await call(admin, 'dictionary.move', { names: ['vim'], to: { kind: 'UNCHANGED' } });
    await call(admin, 'dictionary.move', {
      names: ['Firefox', 'FIREFOX'],
      to: { kind: 'CATEGORY', name: 'LibreOffice' },
    });
    expect(await k('dico_ignored').select('EXTRACTED')).toEqual([{ EXTRACTED: 'LibreOffice Calc' }]);
    expect(await k('dico_soft').select('EXTRACTED', 'FORMATTED').orderBy('EXTRACTED')).toEqual([
      { EXTRACTED: 'Firefox', FORMATTED: 'LibreOffice' },
      { EXTRACTED: 'LibreOffice Writer', FORMATTED: 'LibreOffice' },
      { EXTRACTED: 'Thunderbird', FORMATTED: 'Thunderbird' },
      { EXTRACTED: 'vim', FORMATTED: 'vim' },
    ]);
    expect((await list(user, { tab: 'NEW' })).total).toBe(0);
  });

  it('lists registry queries with the computers that reported a value, and their values', async () => {
    const { queries, enabled } = await call(user, 'registry.list');
    expect(typeof enabled).toBe('boolean');
    expect(queries).toEqual([
      {
        id: 7,
        name: 'Run keys',
        hive: 2,
        key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        value: '*',
        computers: 2,
      },
    ]);
    const values = await call(user, 'registry.values', { id: 7 });
    expect(values.total).toBe(3);
    expect(values.rows.map((r) => [r.computer, r.value])).toEqual([
      ['PC1', 'OneDrive=C:\\od.exe'],
      ['PC1', 'Teams=C:\\teams.exe'],
      ['PC2', 'OneDrive=C:\\od.exe'],
    ]);
    const filtered = await call(user, 'registry.values', {
      id: 7,
      filter: 'teams',
      limit: 1,
    });
    expect(filtered).toEqual({
      total: 1,
      rows: [{ hardwareId: 1, computer: 'PC1', value: 'Teams=C:\\teams.exe' }],
    });
    // TAG restriction: PC2 is in LYON.
    expect((await call(paris, 'registry.values', { id: 7 })).total).toBe(2);
    expect((await failure(call(user, 'registry.values', { id: 999 }))).code).toBe('NOT_FOUND');
  });

  it('creates, edits and deletes a registry query, validated and unique', async () => {
    const created = await call(admin, 'registry.save', {
      name: 'Other',
      hive: 2,
      key: 'SOFTWARE\\Vendor',
      value: 'Version',
    });
    expect(created).toMatchObject({
      name: 'Other',
      hive: 2,
      key: 'SOFTWARE\\Vendor',
      value: 'Version',
      computers: 1,
    });
    expect(
      await k('regconfig').where('ID', created.id).first('NAME', 'REGTREE', 'REGKEY', 'REGVALUE'),
    ).toEqual({
      NAME: 'Other',
      REGTREE: 2,
      REGKEY: 'SOFTWARE\\Vendor',
      REGVALUE: 'Version',
    });

    const sameName = await failure(
      call(admin, 'registry.save', { name: 'run KEYS', hive: 0, key: 'A', value: 'B' }),
    );
    expect(sameName.code).toBe('CONFLICT');
    const sameTarget = await failure(
      call(admin, 'registry.save', { name: 'New', hive: 2, key: 'software\\vendor', value: 'version' }),
    );
    expect(sameTarget.code).toBe('CONFLICT');
    for (const bad of [
      { name: 'x', hive: 6, key: 'A', value: 'B' },
      { name: 'x', hive: 1, key: '\\SOFTWARE', value: 'B' },
      { name: 'x', hive: 1, key: 'A', value: '' },
      { name: ' ', hive: 1, key: 'A', value: 'B' },
    ]) {
      expect((await failure(call(admin, 'registry.save', bad))).code).toBe('VALIDATION_FAILED');
    }

    const edited = await call(admin, 'registry.save', {
      id: created.id,
      name: 'Other',
      hive: 3,
      key: 'SOFTWARE\\Vendor\\App',
      value: '*',
    });
    expect(edited).toMatchObject({ id: created.id, hive: 3, key: 'SOFTWARE\\Vendor\\App', value: '*' });
    expect(
      (await failure(call(admin, 'registry.save', { id: 999, name: 'z', hive: 1, key: 'A', value: 'B' })))
        .code,
    ).toBe('NOT_FOUND');

    await call(admin, 'registry.delete', { id: created.id });
    expect(await k('regconfig').where('ID', created.id)).toEqual([]);
    expect((await k('registry_name_cache').select('NAME')).map((r: { NAME: string }) => r.NAME)).toEqual([
      'Run keys',
    ]);
    expect((await failure(call(admin, 'registry.delete', { id: created.id }))).code).toBe('NOT_FOUND');
  });

  it('refuses every write to a User', async () => {
    const writes: Array<[string, unknown]> = [
      ['dictionary.move', { names: ['Firefox'], to: { kind: 'IGNORED' } }],
      ['registry.save', { name: 'U', hive: 2, key: 'A', value: 'B' }],
      ['registry.delete', { id: 7 }],
    ];
    for (const [route, input] of writes)
      expect((await failure(callByName(user, route, input))).code).toBe('FORBIDDEN');
    expect(await k('regconfig').select('ID')).toEqual([{ ID: 7 }]);
  });
});
