import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseFluentConfig, sectionsNamed, type FluentSection } from './fluent-config.js';

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('logging: the Fluentd config', () => {
  const config = parseFluentConfig(repoFile('logging/fluent.conf'));
  const only = (sections: FluentSection[], what: string) => {
    expect(sections, what).to.have.length(1);
    return sections[0];
  };

  it('receives the Forward protocol on 24224', () => {
    const forward = only(
      sectionsNamed(config, 'source').filter((s) => s.directives.get('@type') === 'forward'),
      'a forward source',
    );
    expect(forward.directives.get('port')).to.equal('24224');
    expect(forward.directives.get('bind')).to.equal('0.0.0.0');
  });

  it("shapes the services' records: JSON in msg is parsed, level names and the service are added", () => {
    const filters = config.sections.filter((s) => s.name === 'filter');
    expect(filters.map((f) => f.arg)).to.deep.equal(['agora.**', 'agora.**']);
    const parser = only(
      filters.filter((f) => f.directives.get('@type') === 'parser'),
      'a parser filter',
    );
    expect(parser.directives.get('key_name')).to.equal('msg');
    expect(parser.directives.get('reserve_data'), 'a plain-text msg keeps its record').to.equal('true');
    expect(only(sectionsNamed(parser, 'parse'), 'its parse section').directives.get('@type')).to.equal('json');
    const transformer = only(
      filters.filter((f) => f.directives.get('@type') === 'record_transformer'),
      'a record_transformer',
    );
    const record = only(sectionsNamed(transformer, 'record'), 'its record section');
    expect([...record.directives.keys()]).to.include.members(['service', 'level_name']);
  });

  it('writes agora.** to Elasticsearch daily indices through a file buffer with exponential retry', () => {
    const match = only(
      config.sections.filter((s) => s.name === 'match' && s.arg === 'agora.**'),
      'the agora.** match',
    );
    expect(match.directives.get('@type')).to.equal('elasticsearch');
    expect(match.directives.get('index_name')).to.equal('agora-logs-%Y.%m.%d');
    const buffer = only(sectionsNamed(match, 'buffer'), 'its buffer');
    expect(buffer.arg.split(/\s*,\s*/), 'chunk keys: the index name needs the time').to.include.members([
      'tag',
      'time',
    ]);
    expect(buffer.directives.get('@type')).to.equal('file');
    expect(buffer.directives.get('path')).to.match(/\/agora$/);
    expect(buffer.directives.get('retry_type')).to.equal('exponential_backoff');
    for (const key of [
      'timekey',
      'retry_wait',
      'retry_max_interval',
      'retry_timeout',
      'total_limit_size',
      'overflow_action',
      'flush_interval',
    ]) {
      expect(buffer.directives.has(key), key).to.equal(true);
    }
  });

  it('matches agora.** before the catch-all, so no service record is discarded', () => {
    const matches = config.sections.filter((s) => s.name === 'match').map((s) => s.arg);
    expect(matches).to.deep.equal(['agora.**', '**']);
  });

  it('refuses unbalanced or crossed sections', () => {
    expect(() => parseFluentConfig('<source>\n  @type forward\n')).to.throw(/<source> of line 1 is never closed/);
    expect(() => parseFluentConfig('<match a>\n<buffer>\n</match>\n</buffer>')).to.throw(
      /line 3: <\/match> closes <buffer> of line 2/,
    );
    expect(() => parseFluentConfig('</filter>')).to.throw(/closes nothing/);
    expect(() => parseFluentConfig('port 24224')).to.throw(/outside any section/);
  });
});

describe("logging: the node collector's Fluentd config (logging/fluent-node.conf)", () => {
  const config = parseFluentConfig(repoFile('logging/fluent-node.conf'));
  const aggregator = parseFluentConfig(repoFile('logging/fluent.conf'));
  const sources = config.sections.filter((s) => s.name === 'source');
  const tails = sources.filter((s) => s.directives.get('@type') === 'tail');
  const pathsOf = (source: FluentSection) =>
    source.directives
      .get('path')!
      .split(',')
      .map((p) => p.trim());

  it('tails the CRI container logs of namespace agora, and the access logs of the ingress gateway', () => {
    expect(tails).to.have.length(2);
    expect(sources).to.have.length(2);
    for (const tail of tails) {
      expect(only(sectionsNamed(tail, 'parse')).directives.get('@type'), tail.directives.get('@id')).to.equal('cri');
      expect(tail.directives.get('pos_file'), 'positions on the node survive the pod').to.match(
        /^\/var\/lib\/agora-fluentd\//,
      );
      for (const path of pathsOf(tail))
        expect(path).to.match(/^\/var\/log\/containers\/\*_(agora|istio-system)_[a-z*-]+\.log$/);
    }
    const envoy = tails.find((t) => t.directives.get('tag') === 'envoy.*')!;
    expect(pathsOf(envoy)).to.have.members([
      '/var/log/containers/*_agora_istio-proxy-*.log',
      '/var/log/containers/*_istio-system_istio-proxy-*.log',
    ]);
    const containers = tails.find((t) => t.directives.get('tag') === 'stdout.*')!;
    expect(pathsOf(containers)).to.deep.equal(['/var/log/containers/*_agora_*.log']);
    // An istio-proxy line is read once, by the envoy source.
    expect(JSON.parse(containers.directives.get('exclude_path')!)).to.deep.equal([
      '/var/log/containers/*_agora_istio-proxy-*.log',
    ]);
    // Its own pods (agora-logging) are never read: shipping a line about shipping would loop.
    for (const tail of tails) for (const path of pathsOf(tail)) expect(path).to.not.include('agora-logging');
  });

  it('adds Kubernetes metadata, then parses JSON lines and shapes the fields the data view uses', () => {
    const filters = config.sections.filter((s) => s.name === 'filter');
    expect(filters.map((f) => f.directives.get('@type'))).to.deep.equal([
      'kubernetes_metadata',
      'parser',
      'record_transformer',
    ]);
    for (const filter of filters) expect(filter.arg).to.equal('{envoy,stdout}.**');
    expect(filters[1].directives.get('reserve_data'), 'a text line keeps its record').to.equal('true');
    expect(filters[1].directives.get('key_name')).to.equal('message');
    const record = only(sectionsNamed(filters[2], 'record'));
    expect([...record.directives.keys()]).to.include.members(['time', 'service', 'pod', 'msg', 'req_id']);
  });

  it('writes to the same daily indices as the Forward aggregator, through a file buffer on the node', () => {
    const match = config.sections.find((s) => s.name === 'match' && s.arg === '{envoy,stdout}.**')!;
    const theirs = aggregator.sections.find((s) => s.name === 'match' && s.arg === 'agora.**')!;
    expect(match.directives.get('@type')).to.equal('elasticsearch');
    for (const key of [
      'index_name',
      'host',
      'scheme',
      'ssl_verify',
      'ca_file',
      'user',
      'password',
      'template_overwrite',
    ]) {
      expect(match.directives.get(key), key).to.equal(theirs.directives.get(key));
    }
    const buffer = only(sectionsNamed(match, 'buffer'));
    expect(buffer.arg.split(/\s*,\s*/)).to.include.members(['tag', 'time']);
    expect(buffer.directives.get('@type')).to.equal('file');
    expect(config.sections.filter((s) => s.name === 'match').map((s) => s.arg)).to.deep.equal([
      '{envoy,stdout}.**',
      '**',
    ]);
  });
});

function only(sections: FluentSection[]): FluentSection {
  expect(sections).to.have.length(1);
  return sections[0];
}
