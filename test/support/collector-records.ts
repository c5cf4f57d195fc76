import type { TestApp } from './app';
import { insertAspect, unique } from './records';

/** Authorisation-matrix fixtures of collectors, groups, templates and generators. */
export type CollectorFixtureName = 'collector' | 'collectorPaused' | 'collectorDeregistered' | 'collectorGroup' | 'generatorTemplate' | 'generator';

const WRITERS: Record<CollectorFixtureName, [string, string]> = {
  collector: ['collector_writers', 'collector_id'],
  collectorPaused: ['collector_writers', 'collector_id'],
  collectorDeregistered: ['collector_writers', 'collector_id'],
  collectorGroup: ['collector_group_writers', 'collector_group_id'],
  generatorTemplate: ['generator_template_writers', 'generator_template_id'],
  generator: ['generator_writers', 'generator_id'],
};

async function one(t: TestApp, sql: string, args: unknown[]): Promise<string> {
  const rows = (await t.dataSource.query(`${sql} RETURNING id::text AS id`, args)) as { id: string }[];
  return rows[0].id;
}

export async function insertCollector(t: TestApp, status = 'Running', registered = true): Promise<{ id: string; name: string }> {
  const name = unique('coll');
  const id = await one(t, `INSERT INTO collectors (name, status, registered, last_heartbeat) VALUES ($1, $2, $3, now())`, [name, status, registered]);
  return { id, name };
}

export async function insertTemplate(t: TestApp): Promise<{ id: string; name: string }> {
  const name = unique('tpl');
  const id = await one(
    t,
    `INSERT INTO generator_templates (name, version, connection, transform, is_published) VALUES ($1, '1.0.0', $2, $3, true)`,
    [name, { url: 'http://127.0.0.1:1/x', bulk: true }, { default: 'return [];' }],
  );
  return { id, name };
}

/** A record of `kind` (plus what its routes need), and how to make `writerIds` its only writers. */
export async function collectorFixture(
  t: TestApp,
  kind: CollectorFixtureName,
  writerIds: string[],
): Promise<{ vars: Record<string, string>; protect(): Promise<void> }> {
  let vars: Record<string, string>;
  switch (kind) {
    case 'collector':
    case 'collectorPaused':
    case 'collectorDeregistered': {
      const c = await insertCollector(t, kind === 'collectorPaused' ? 'Paused' : kind === 'collector' ? 'Running' : 'Stopped', kind !== 'collectorDeregistered');
      vars = { id: c.id, name: c.name, key: c.name };
      break;
    }
    case 'collectorGroup': {
      const name = unique('grp');
      const id = await one(t, 'INSERT INTO collector_groups (name) VALUES ($1)', [name]);
      await insertCollector(t).then((c) => t.dataSource.query('UPDATE collectors SET collector_group_id = $1 WHERE id = $2', [id, c.id]));
      vars = { id, name, key: name, collector: (await insertCollector(t)).name };
      break;
    }
    case 'generatorTemplate': {
      const tpl = await insertTemplate(t);
      vars = { id: tpl.id, name: tpl.name, key: tpl.name };
      break;
    }
    case 'generator': {
      const tpl = await insertTemplate(t);
      const aspect = await insertAspect(t);
      const name = unique('gen');
      const id = await one(
        t,
        `INSERT INTO generators (name, aspects, subject_query, template_name, template_version) VALUES ($1, $2::text[], 'absolutePath=x*', $3, '^1.0.0')`,
        [name, [aspect.name], tpl.name],
      );
      vars = { id, name, key: name, template: tpl.name, aspect: aspect.name };
      break;
    }
  }
  const [table, column] = WRITERS[kind];
  return {
    vars,
    protect: async () => {
      await t.dataSource.query(`INSERT INTO ${table} (${column}, user_id) SELECT $1::uuid, u FROM unnest($2::uuid[]) AS u`, [vars.id, writerIds]);
    },
  };
}
