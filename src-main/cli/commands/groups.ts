import type { Command } from 'commander';
import type { MemberTarget } from '../../../shared/contract/groups';
import { readFileSync } from 'node:fs';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';
import { parseCriterion } from './computers';

interface Flags extends DbFlags {
  format?: 'json' | 'table';
  names?: string;
  namesFile?: string;
  ids?: string;
  where?: string[];
  any?: boolean;
  parent?: string;
  name?: string;
  description?: string;
  visible?: boolean;
  hidden?: boolean;
  static?: boolean;
  include?: boolean;
  reset?: boolean;
  yes?: boolean;
  members?: boolean;
  limit?: string;
}

const split = (v: string) =>
  v
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function out(flags: Flags, value: unknown, table: () => string): void {
  process.stdout.write(flags.format === 'json' ? JSON.stringify(value, null, 2) + '\n' : table());
}

/** --ids / --names / --names-file → the computers a command targets (none when no flag is given). */
function target(flags: Flags): MemberTarget | undefined {
  if (flags.ids) return { kind: 'ids', ids: split(flags.ids).map(Number) };
  const names = [
    ...(flags.names ? split(flags.names) : []),
    ...(flags.namesFile ? split(readFileSync(flags.namesFile, 'utf8')) : []),
  ];
  return names.length ? { kind: 'names', names } : undefined;
}

function requireTarget(flags: Flags): MemberTarget {
  const t = target(flags);
  if (!t)
    throw new AppError('VALIDATION_FAILED', {
      field: 'computers',
      detail: 'name the computers with --ids 1,2, --names a,b or --names-file FILE',
    });
  return t;
}

const idArg = (v: string) => fromFlags({ id: Number(v) });

const targetOptions = (c: Command) =>
  c
    .option('--ids <ids>', 'computer ids, comma-separated')
    .option('--names <names>', 'computer names, comma-separated')
    .option('--names-file <file>', 'computer names, one per line')
    .option('--format <f>', 'table (default) or json');

export function registerGroupsCommands(program: Command): void {
  const groups = program
    .command('groups')
    .description('computer groups (static, dynamic, nested), as OCS stores them');

  withDbOptions(
    groups
      .command('list')
      .description('every group you may see, with member counts')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const list = await rt.call('groups.list', {});
      out(
        flags,
        list,
        () =>
          [
            'ID\tNAME\tKIND\tVISIBLE\tMEMBERS\tEXCLUDED\tPARENT\tCOMPUTED',
            ...list.map((g) =>
              [
                g.id,
                g.name,
                g.kind,
                g.visible ? 'all' : 'admins',
                g.members,
                g.excluded,
                g.parentId ?? '',
                g.computedAt ?? '',
              ].join('\t'),
            ),
          ].join('\n') + '\n',
      );
    }),
  );

  withDbOptions(
    groups
      .command('show <id>')
      .description('one group: definition, settings, packages (and --members)')
      .option('--members', 'also list the members (states dynamic and included)')
      .option('--limit <n>', 'members to list (default 500)')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const g = await rt.call('groups.get', idArg(id));
      const members = flags.members
        ? await rt.call('groups.members', fromFlags({ id: Number(id), limit: Number(flags.limit ?? 500) }))
        : null;
      out(
        flags,
        members ? { ...g, memberRows: members } : g,
        () =>
          [
            `${g.name} (${g.kind}, ${g.visible ? 'visible to all' : 'group administrators only'})`,
            g.description,
            `${g.members} members, ${g.excluded} excluded${g.computedAt ? `, computed ${g.computedAt}` : ''}`,
            ...g.queries.map((q) => `SQL: ${q}`),
            ...g.settings.map((s) => `setting ${s.name}=${s.ivalue ?? ''}${s.tvalue ? ` ${s.tvalue}` : ''}`),
            ...g.packages.map((p) => `package ${p.fileId} ${p.name}`),
            ...(members ? members.rows.map((m) => `${m.id}\t${m.name ?? ''}\t${m.state}`) : []),
          ].join('\n') + '\n',
      );
    }),
  );

  withDbOptions(
    targetOptions(
      groups
        .command('create')
        .description(
          'a static group (--static, optional --ids/--names) or a dynamic one (--where ..., optional --parent)',
        )
        .requiredOption('--name <name>', 'group name (unique among groups)')
        .requiredOption('--description <text>', 'description (required, as in ocsreports)')
        .option('--static', 'a static group')
        .option(
          '--where <criterion>',
          'field:OP:value[:value2], as for `search` (repeatable)',
          (v: string, acc: string[] = []) => [...acc, v],
        )
        .option('--any', 'match any criterion (default: all)')
        .option('--parent <id>', 'nested: only members of this group')
        .option('--visible', 'visible to every profile (default: group administrators only)'),
    ),
  ).action(async (flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const base = { name: flags.name, description: flags.description, visible: !!flags.visible };
      const dynamic = !!flags.where?.length || !!flags.parent;
      if (flags.static === dynamic)
        throw new AppError('VALIDATION_FAILED', {
          field: 'kind',
          detail: 'give either --static or at least one --where (or --parent) for a dynamic group',
        });
      const g = await rt.call(
        'groups.create',
        fromFlags(
          dynamic
            ? {
                ...base,
                kind: 'dynamic',
                definition: {
                  filter: {
                    criteria: (flags.where ?? []).map(parseCriterion),
                    match: flags.any ? 'any' : 'all',
                  },
                  parentId: flags.parent ? Number(flags.parent) : null,
                },
              }
            : { ...base, kind: 'static', members: target(flags) },
        ),
      );
      out(flags, g, () => `group ${g.id} "${g.name}" created (${g.kind}, ${g.members} members)\n`);
    }),
  );

  withDbOptions(
    targetOptions(groups.command('add <id>').description('add computers (statically included)')),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await rt.call(
        'groups.addMembers',
        fromFlags({ id: Number(id), target: requireTarget(flags) }),
      );
      out(
        flags,
        r,
        () =>
          `${r.added} added, ${r.already} already in the group${r.unknown.length ? `; unknown: ${r.unknown.join(', ')}` : ''}\n`,
      );
      return r.unknown.length ? 2 : 0;
    }),
  );

  withDbOptions(
    targetOptions(groups.command('remove <id>').description('remove computers from the group (any state)')),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await rt.call(
        'groups.removeMembers',
        fromFlags({ id: Number(id), target: requireTarget(flags) }),
      );
      out(flags, r, () => `${r.removed} removed\n`);
    }),
  );

  withDbOptions(
    groups
      .command('exclude <id>')
      .description(
        'dynamic group: exclude computers (STATIC=2); --include includes them statically, --reset drops the static state',
      )
      .requiredOption('--ids <ids>', 'computer ids, comma-separated')
      .option('--include', 'include statically instead (STATIC=1)')
      .option('--reset', 'back to the search result at the next recompute')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const state = flags.reset ? 'reset' : flags.include ? 'included' : 'excluded';
      const r = await rt.call(
        'groups.setMemberState',
        fromFlags({ id: Number(id), ids: split(flags.ids ?? '').map(Number), state }),
      );
      out(flags, r, () => `${r.changed} computers ${state}\n`);
    }),
  );

  withDbOptions(
    groups
      .command('refresh <id>')
      .description('recompute a dynamic group now, as the comm server does')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await rt.call('groups.refresh', idArg(id));
      out(flags, r, () => `${r.members} members (+${r.added} −${r.removed}), computed ${r.computedAt}\n`);
    }),
  );

  withDbOptions(
    groups
      .command('delete <id>')
      .description('delete the group and every row that refers to it (the computers stay)')
      .option('--yes', 'confirm the deletion')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await rt.call(
        'groups.delete',
        fromFlags({ id: Number(id), confirm: flags.yes === true ? true : undefined }),
      );
      out(
        flags,
        r,
        () => `deleted (${r.members} membership rows, ${r.settings} settings and package rows)\n`,
      );
    }),
  );

  withDbOptions(
    groups
      .command('compare <a> <b>')
      .description('members only in A, only in B, in both')
      .option('--limit <n>', 'computers listed per part (default 50)')
      .option('--format <f>', 'table (default) or json'),
  ).action(async (a: string, b: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await rt.call(
        'groups.compare',
        fromFlags({ a: Number(a), b: Number(b), limit: Number(flags.limit ?? 50) }),
      );
      out(
        flags,
        r,
        () =>
          (['onlyA', 'onlyB', 'both'] as const)
            .map((k) => `${k}\t${r[k]}\t${r.rows[k].map((m) => m.name ?? m.id).join(' ')}`)
            .join('\n') + '\n',
      );
    }),
  );
}
