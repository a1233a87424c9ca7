import { readFileSync } from 'node:fs';
import { expect } from 'chai';

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const INDEX_PATTERN = 'agora-logs-*';
/** What Fluentd's index_name agora-logs-%Y.%m.%d produces. */
const A_DAILY_INDEX = 'agora-logs-2025.11.25';

function matchesPattern(pattern: string, index: string): boolean {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(index);
}

describe('logging: Elasticsearch template, ILM policy and Kibana saved objects', () => {
  const template = JSON.parse(repoFile('logging/elasticsearch/index-template.json'));
  const ilm = JSON.parse(repoFile('logging/elasticsearch/ilm-policy.json'));
  const savedObjects = repoFile('logging/kibana/saved-objects.ndjson')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));

  it('the index template covers the daily indices and maps the fields the searches use', () => {
    expect(template.index_patterns).to.deep.equal([INDEX_PATTERN]);
    expect(matchesPattern(INDEX_PATTERN, A_DAILY_INDEX)).to.equal(true);
    expect(template.template.settings['index.lifecycle.name']).to.equal('agora-logs');
    const types = Object.fromEntries(
      Object.entries<{ type?: string }>(template.template.mappings.properties).map(([field, mapping]) => [
        field,
        mapping.type,
      ]),
    );
    expect(types).to.include({
      time: 'date',
      level: 'short',
      level_name: 'keyword',
      service: 'keyword',
      req_id: 'keyword',
      trace_id: 'keyword',
      user_id: 'keyword',
      route: 'keyword',
      status: 'short',
      duration_ms: 'float',
      msg: 'text',
    });
  });

  it('the ILM policy deletes old daily indices and needs no rollover alias', () => {
    const phases = ilm.policy.phases;
    expect(Object.keys(phases)).to.deep.equal(['hot', 'warm', 'delete']);
    expect(phases.delete.actions).to.have.property('delete');
    expect(phases.delete.min_age).to.match(/^\d+d$/);
    for (const phase of Object.values<{ actions: object }>(phases))
      expect(phase.actions, 'daily indices are named by Fluentd').not.to.have.property('rollover');
  });

  it('the data view covers agora-logs-* with `time` as its time field', () => {
    const dataViews = savedObjects.filter((o) => o.type === 'index-pattern');
    expect(dataViews).to.have.length(1);
    expect(dataViews[0].attributes).to.include({ title: INDEX_PATTERN, timeFieldName: 'time' });
  });

  it('has the three saved searches, each on the data view, querying mapped fields', () => {
    const dataViewId = savedObjects.find((o) => o.type === 'index-pattern').id;
    const searches = savedObjects.filter((o) => o.type === 'search');
    expect(searches.map((s) => s.attributes.title)).to.deep.equal([
      'Errors by service',
      'One request across services (by req_id)',
      'Slow requests',
    ]);
    const mapped = Object.keys(template.template.mappings.properties);
    for (const search of searches) {
      const source = JSON.parse(search.attributes.kibanaSavedObjectMeta.searchSourceJSON);
      const reference = search.references.find((r: { name: string }) => r.name === source.indexRefName);
      expect(reference, search.id).to.deep.include({ type: 'index-pattern', id: dataViewId });
      expect(source.query.language).to.equal('kuery');
      const fields = [...source.query.query.matchAll(/([a-z_]+)\s*(?::|>=|<=|>|<)/g)].map(
        (m: RegExpMatchArray) => m[1],
      );
      expect(fields, search.id).not.to.be.empty;
      expect(mapped, search.id).to.include.members([...fields, ...search.attributes.columns]);
    }
    const query = (id: string) =>
      JSON.parse(searches.find((s) => s.id === id).attributes.kibanaSavedObjectMeta.searchSourceJSON).query.query;
    expect(query('agora-errors-by-service')).to.equal('level >= 50');
    expect(query('agora-request-by-req-id')).to.match(/^req_id : /);
    expect(query('agora-slow-requests')).to.match(/duration_ms >= \d+/);
  });

  it('has a dashboard whose panels reference existing saved searches', () => {
    const dashboard = savedObjects.find((o) => o.type === 'dashboard');
    const ids = new Set(savedObjects.map((o) => o.id));
    const panels = JSON.parse(dashboard.attributes.panelsJSON);
    expect(panels).to.have.length(3);
    for (const panel of panels) {
      const reference = dashboard.references.find((r: { name: string }) => r.name === panel.panelRefName);
      expect(reference, panel.panelRefName).to.have.property('type', 'search');
      expect(ids.has(reference.id), reference.id).to.equal(true);
    }
  });

  it('gives every saved object a unique id, a type and references that resolve', () => {
    const ids = savedObjects.map((o) => `${o.type}:${o.id}`);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const object of savedObjects) {
      for (const reference of object.references)
        expect(ids, `${object.id} → ${reference.id}`).to.include(`${reference.type}:${reference.id}`);
    }
  });
});
