// The GraphQL client: one POST to the same-origin /graphql per call, with a
// timeout, and failures sorted into the few kinds the page must tell apart
// (service unreachable, database down, too slow, bad request).

export const ENDPOINT = '/graphql';
export const READY = '/readyz';
const TIMEOUT_MS = 15000;
// A request still running after this long makes us ask /readyz whether the
// database is down: with Neo4j gone the driver retries until the service's
// own deadline, and the analyst should not wait that long to be told.
const PROBE_AFTER_MS = 3000;

export type FailureKind = 'network' | 'timeout' | 'database' | 'http' | 'graphql' | 'auth';

// A service started with READER_KEYS wants a key on every read. The analyst
// types it once per tab (see main.ts); it is kept in sessionStorage, never in
// the URL, so shared links do not leak it.
const KEY_ITEM = 'eventgraph.readerKey';

export function setReaderKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY_ITEM, key);
    else sessionStorage.removeItem(KEY_ITEM);
  } catch {
    // storage disabled: the key lasts until reload
  }
  memoryKey = key;
}

let memoryKey: string | null = (() => {
  try {
    return sessionStorage.getItem(KEY_ITEM);
  } catch {
    return null;
  }
})();

export class ApiError extends Error {
  readonly kind: FailureKind;
  readonly code?: string;
  constructor(kind: FailureKind, message: string, code?: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/**
 * Asks the service's readiness endpoint why it is unwell. Returns a database
 * ApiError when it says the database is unavailable, a network ApiError when
 * the service does not answer at all, and null when it is ready (or the
 * answer says nothing useful).
 */
export async function diagnose(): Promise<ApiError | null> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 3000);
  try {
    const res = await fetch(READY, { cache: 'no-store', signal: ctrl.signal });
    if (res.ok) return null;
    let reason = '';
    try {
      const b = await res.json();
      reason = typeof b?.reason === 'string' ? b.reason : '';
    } catch {
      // not JSON: judge by the status alone
    }
    if (res.status === 503) {
      return new ApiError('database', `The service is up but its database is unavailable${reason && !/database is unavailable/.test(reason) ? ` (${reason})` : ''}. Retry once Neo4j is back.`, 'DATABASE_UNAVAILABLE');
    }
    return null;
  } catch {
    if (ctrl.signal.aborted) return null;
    return networkError();
  } finally {
    clearTimeout(timer);
  }
}

function networkError(): ApiError {
  return new ApiError('network', `Cannot reach the eventgraph service (${ENDPOINT}): it may be stopped or restarting. Start it and retry.`);
}

/** Runs one GraphQL operation and returns its data, or throws an ApiError that says what went wrong. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, writerKey: string | null = null): Promise<T> {
  // A write sends the writer key it was given instead of the reader key.
  const key = writerKey ?? memoryKey;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let verdict: ApiError | null = null;
  const probe = setTimeout(async () => {
    const d = await diagnose();
    if (d && d.kind === 'database') {
      verdict = d;
      ctrl.abort();
    }
  }, PROBE_AFTER_MS);
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: ctrl.signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (verdict) throw verdict;
    if (ctrl.signal.aborted) {
      throw (await diagnose()) ?? new ApiError('timeout', `The service did not answer within ${TIMEOUT_MS / 1000} s.`);
    }
    throw networkError();
  } finally {
    clearTimeout(timer);
    clearTimeout(probe);
  }

  let body: { data?: T; errors?: GraphQLError[] } | undefined;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!body) {
    // A proxy in front of a stopped service answers 502/503 with HTML.
    const what = res.status >= 500 ? 'is unavailable' : 'answered something that is not GraphQL';
    if (res.status >= 500) {
      const d = await diagnose();
      if (d) throw d;
    }
    throw new ApiError('http', `The eventgraph service ${what} (HTTP ${res.status} ${res.statusText}).`);
  }
  const errors = body.errors ?? [];
  const dbDown = errors.find((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE');
  if (dbDown) {
    throw new ApiError(
      'database',
      `The service is up but its database is unavailable: ${dbDown.message}. Retry once Neo4j is back.`,
      'DATABASE_UNAVAILABLE',
    );
  }
  const denied = errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED' || e.extensions?.code === 'FORBIDDEN');
  if (denied) {
    const which = writerKey ? 'writer' : 'reader';
    throw new ApiError('auth', `The service wants a ${which} key: ${denied.message}`, denied.extensions?.code);
  }
  if (errors.length > 0 && (body.data === undefined || body.data === null)) {
    const e = errors[0];
    const code = e.extensions?.code;
    if (code === 'INTERNAL') {
      // An internal error may be a database outage the service did not name.
      const d = await diagnose();
      if (d) throw d;
    }
    throw new ApiError('graphql', `The service refused the request${code ? ` (${code})` : ''}: ${e.message}`, code);
  }
  if (errors.length > 0) {
    // Partial data: keep it, but do not hide the problem.
    console.warn('GraphQL errors with partial data', errors);
  }
  return body.data as T;
}

// ------------------------------------------------------------------ queries

/** A node ready to draw, as `Subgraph.nodes` returns it. */
export interface GNode {
  id: string;
  type: NodeType;
  label: string;
  properties: Record<string, unknown>;
}

/** An edge ready to draw, as `Subgraph.edges` returns it. */
export interface GEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
}

export interface Subgraph {
  nodes: GNode[];
  edges: GEdge[];
  truncated: boolean;
}

export type NodeType = 'ACTOR' | 'EVENT' | 'LOCATION' | 'TOPIC' | 'POSITION' | 'FORECAST' | 'SOURCE';

const SUBGRAPH = `fragment Sub on Subgraph {
  nodes { id type label properties }
  edges { id type source target properties }
  truncated
}`;

export interface SearchHit {
  score: number;
  type: NodeType;
  node: {
    id: string;
    name?: string;
    title?: string;
    statement?: string;
    actorKind?: string;
    eventKind?: string;
    locationKind?: string;
    stance?: string;
    likelihood?: string;
    startDate?: string | null;
    publishedAt?: string | null;
    aliases?: string[];
  };
}

// Kinds are aliased per type: the enums differ, and GraphQL refuses one
// response field with two types.
const HIT = `score type
  node {
    id
    ... on Actor { name actorKind: kind aliases }
    ... on Event { title eventKind: kind startDate }
    ... on Location { name locationKind: kind }
    ... on Topic { name }
    ... on Position { statement stance }
    ... on Forecast { statement likelihood }
    ... on Source { title publishedAt }
  }`;

/** search(first) takes at most this many (the schema's bound). */
export const SEARCH_MAX = 100;

/**
 * One search per type, in one request (one aliased root field each): the
 * service ranks all types together, so a place named in forty event titles
 * would never make a single top-40 list. `want` says how many hits of each
 * type to fetch.
 */
export async function searchByType(query: string, want: [NodeType, number][]): Promise<Map<NodeType, SearchHit[]>> {
  const vars: Record<string, unknown> = { q: query };
  const fields = want.map(([type, first], i) => {
    vars[`k${i}`] = [type];
    vars[`f${i}`] = Math.min(first, SEARCH_MAX);
    return `t${i}: search(query: $q, kinds: $k${i}, first: $f${i}) { ${HIT} }`;
  });
  const params = want.map((_, i) => `, $k${i}: [NodeType!], $f${i}: Int`).join('');
  const data = await gql<Record<string, SearchHit[]>>(`query SearchByType($q: String!${params}) {\n${fields.join('\n')}\n}`, vars);
  return new Map(want.map(([type], i) => [type, data[`t${i}`] ?? []]));
}

export async function neighborhood(id: string, depth = 1, limit = 100): Promise<Subgraph> {
  const data = await gql<{ neighborhood: Subgraph }>(
    `query Hood($id: ID!, $depth: Int, $limit: Int) { neighborhood(id: $id, depth: $depth, limit: $limit) { ...Sub } } ${SUBGRAPH}`,
    { id, depth, limit },
  );
  return data.neighborhood;
}

// The service prices a neighbourhood at 1 + (fields selected) × limit and
// refuses operations above MAX_COMPLEXITY (5000 by default): a batch of
// aliased neighbourhoods is sized to stay under it, and split further when
// the service still says QUERY_TOO_COMPLEX.
const BUDGET = 4800;
const PARALLEL = 3;

/** What a batched neighbourhood selects, with the number of fields it costs per node. */
export const FULL = { selection: '...Sub', cost: 12 };
export const EDGES_ONLY = { selection: 'edges { id type source target properties }', cost: 6 };

/**
 * The one-hop neighbourhoods of many nodes in few round trips (aliases,
 * batches sized for the complexity limit, three at a time). Rebuilding a
 * shared view and linking new nodes to the canvas use it: the edges among
 * shown nodes come from here. An unknown id maps to null.
 */
export async function neighborhoods(ids: string[], limit = 100, what = FULL): Promise<Map<string, Subgraph | null>> {
  const out = new Map<string, Subgraph | null>();
  const per = Math.max(1, Math.floor(BUDGET / (1 + what.cost * limit)));
  const queue: string[][] = [];
  for (let i = 0; i < ids.length; i += per) queue.push(ids.slice(i, i + per));

  const run = async (part: string[]): Promise<void> => {
    const vars: Record<string, unknown> = { limit };
    const decls = ['$limit: Int'];
    const fields = part.map((id, j) => {
      vars[`id${j}`] = id;
      decls.push(`$id${j}: ID!`);
      return `n${j}: neighborhood(id: $id${j}, depth: 1, limit: $limit) { ${what.selection} }`;
    });
    let data: Record<string, Subgraph | null>;
    try {
      data = await gql<Record<string, Subgraph | null>>(
        `query Neighbourhoods(${decls.join(', ')}) { ${fields.join('\n')} } ${what === FULL ? SUBGRAPH : ''}`,
        vars,
      );
    } catch (e) {
      // Too costly after all, or one unknown id (NOT_FOUND fails the whole
      // operation): halve until the known ones come back.
      if (e instanceof ApiError && e.kind === 'graphql') {
        if (part.length === 1) {
          out.set(part[0], null);
          return;
        }
        const half = Math.ceil(part.length / 2);
        await run(part.slice(0, half));
        await run(part.slice(half));
        return;
      }
      throw e;
    }
    part.forEach((id, j) => {
      const sg = data?.[`n${j}`];
      out.set(id, sg ? { nodes: sg.nodes ?? [], edges: sg.edges ?? [], truncated: !!sg.truncated } : null);
    });
  };

  const workers = Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    for (let part = queue.shift(); part; part = queue.shift()) await run(part);
  });
  await Promise.all(workers);
  return out;
}

export async function path(fromId: string, toId: string, maxDepth = 8): Promise<Subgraph | null> {
  const data = await gql<{ path: Subgraph | null }>(
    `query Path($from: ID!, $to: ID!, $max: Int) { path(fromId: $from, toId: $to, maxDepth: $max) { ...Sub } } ${SUBGRAPH}`,
    { from: fromId, to: toId, max: maxDepth },
  );
  return data.path;
}

export interface TimelineEvent {
  id: string;
  title: string;
  eventKind: string;
  startDate: string | null;
  endDate: string | null;
}

/** The events for the timeline strip, newest first, at most `max` of them. */
export async function timelineEvents(from?: string, to?: string, max = 500): Promise<{ events: TimelineEvent[]; total: number }> {
  const events: TimelineEvent[] = [];
  let after: string | null = null;
  let total = 0;
  const where: Record<string, string> = {};
  if (from) where.from = from;
  if (to) where.to = to;
  for (;;) {
    const data: {
      events: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: TimelineEvent }[] };
    } = await gql(
      `query Timeline($after: String, $where: EventWhere) {
        events(first: 100, after: $after, where: $where, orderBy: {field: START_DATE, direction: DESC}) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id title eventKind: kind startDate endDate } }
        }
      }`,
      { after, where },
    );
    total = data.events.totalCount;
    for (const e of data.events.edges) events.push(e.node);
    if (!data.events.pageInfo.hasNextPage || events.length >= max || !data.events.pageInfo.endCursor) break;
    after = data.events.pageInfo.endCursor;
  }
  return { events, total };
}

// ------------------------------------------------------------------ inspector

export interface SourceInfo {
  id: string;
  title: string;
  author?: string | null;
  publisher?: string | null;
  publishedAt?: string | null;
  url?: string | null;
}

export interface SourceRef {
  quote: string | null;
  source: SourceInfo;
}

export interface Participation {
  kind: string;
  role: string | null;
  quote: string | null;
  sources: SourceInfo[];
}

/** The typed details of one node; which fields are present depends on `__typename`. */
export interface NodeDetail {
  __typename: 'Actor' | 'Event' | 'Location' | 'Topic' | 'Position' | 'Forecast' | 'Source';
  id: string;
  [field: string]: unknown;
}

const SOURCE_FIELDS = 'id title author publisher publishedAt url';

const INSPECT = `query Inspect($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Actor {
      name actorKind: kind aliases description countryCode wikidataId codes createdAt updatedAt
      affiliations(first: 30) { edges { role validFrom validTo quote node { id name } sources { ${SOURCE_FIELDS} } } }
      members(first: 30) { edges { role validFrom validTo node { id name } } }
      events(first: 50) { totalCount edges { kind role quote node { id title startDate } sources { ${SOURCE_FIELDS} } } }
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Event {
      title eventKind: kind mode contexts startDate endDate datePrecision summary outcome createdAt updatedAt
      figures { label value unit }
      externalIds { system id }
      location { id name }
      parent { id title }
      participants(first: 100) { totalCount edges { kind role quote node { id name actorKind: kind } sources { ${SOURCE_FIELDS} } } }
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Location {
      name locationKind: kind countryCode latitude longitude createdAt updatedAt
      parent { id name }
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Topic {
      name description createdAt updatedAt
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Position {
      stance statement validFrom validTo createdAt updatedAt
      actor { id name }
      topic { id name }
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Forecast {
      statement horizon likelihood windowStart windowEnd status resolvedAt resolutionNote createdAt updatedAt
      probability { low high }
      about { __typename ... on Actor { id name } ... on Event { id title } ... on Topic { id name } }
      source { ${SOURCE_FIELDS} }
      sources { quote source { ${SOURCE_FIELDS} } }
    }
    ... on Source {
      title author publisher url publishedAt sourceKind: kind createdAt updatedAt
    }
  }
}`;

/** One calibration row of a source's record: how often a PHIA term's settled forecasts came true. */
export interface CalibrationRow {
  likelihood: string;
  probability: { low: number; high: number };
  resolved: number;
  cameTrue: number;
  shareTrue: number | null;
  interval: { low: number; high: number } | null;
  consistent: boolean | null;
}

/** A source's forecasting record (forecastScores by SOURCE). */
export interface ForecastRecord {
  issued: number;
  open: number;
  overdue: number;
  resolved: number;
  cameTrue: number;
  didNotHappen: number;
  withdrawn: number;
  brierScore: number | null;
  calibration: CalibrationRow[];
}

const RECORD = `query Record($id: ID!) {
  forecastScores(by: SOURCE, where: {sourceId: $id}) {
    issued open overdue resolved cameTrue didNotHappen withdrawn brierScore
    calibration { likelihood probability { low high } resolved cameTrue shareTrue interval { low high } consistent }
  }
}`;

/** The forecasting record of a source, null when it issued no forecast. */
export async function sourceRecord(id: string): Promise<ForecastRecord | null> {
  const data = await gql<{ forecastScores: ForecastRecord[] }>(RECORD, { id });
  return data.forecastScores[0] ?? null;
}

export async function inspectNode(id: string): Promise<NodeDetail | null> {
  const data = await gql<{ node: NodeDetail | null }>(INSPECT, { id });
  // A source's inspector shows its record: a second request, made only
  // for sources, so that other nodes cost no aggregation.
  if (data.node?.__typename === 'Source') data.node.record = await sourceRecord(data.node.id);
  return data.node;
}

/** Sources by id (for the `sourceIds` an edge keeps); unknown ids are dropped. */
export async function sourcesByIds(ids: string[]): Promise<SourceInfo[]> {
  if (ids.length === 0) return [];
  const data = await gql<{ nodes: (SourceInfo | null)[] }>(
    `query Sources($ids: [ID!]!) { nodes(ids: $ids) { ... on Source { ${SOURCE_FIELDS} } } }`,
    { ids },
  );
  return data.nodes.filter((n): n is SourceInfo => !!n && typeof n.title === 'string');
}

// ------------------------------------------------------------------ duplicates

export type MergeType = 'ACTOR' | 'LOCATION';

export interface DuplicateCandidate {
  aId: string;
  aName: string;
  bId: string;
  bName: string;
  score: number;
  reasons: { kind: string; detail: string | null }[];
}

/** The pairs the node `id` is in that may be duplicates, best first. */
export async function duplicateCandidates(type: MergeType, id: string, first = 10): Promise<DuplicateCandidate[]> {
  const data = await gql<{ duplicateCandidates: DuplicateCandidate[] }>(
    `query Duplicates($type: MergeType!, $id: ID, $first: Int) { duplicateCandidates(type: $type, id: $id, first: $first) {
      aId aName bId bName score reasons { kind detail } } }`,
    { type, id, first },
  );
  return data.duplicateCandidates;
}

/** Merges mergeIds into keepId (needs a writer key); returns the revision that unmerge takes. */
export async function merge(type: MergeType, keepId: string, mergeIds: string[], writerKey: string): Promise<string> {
  const field = type === 'ACTOR' ? 'mergeActors' : 'mergeLocations';
  const data = await gql<Record<string, { revisionId: string }>>(
    `mutation Merge($keepId: ID!, $mergeIds: [ID!]!) { ${field}(keepId: $keepId, mergeIds: $mergeIds) { revisionId } }`,
    { keepId, mergeIds },
    writerKey,
  );
  return data[field].revisionId;
}

/** Undoes a merge (needs a writer key). */
export async function unmerge(revisionId: string, writerKey: string): Promise<void> {
  await gql(`mutation Unmerge($revisionId: ID!) { unmerge(revisionId: $revisionId) { revisionId } }`, { revisionId }, writerKey);
}

// ------------------------------------------------------------------ map

export interface EventPlace {
  id: string;
  title: string;
  kind: string;
  startDate: string | null;
  place: string;
  lat: number;
  lon: number;
}

interface PlaceAnswer {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  parent: { name: string; latitude: number | null; longitude: number | null; parent: { name: string; latitude: number | null; longitude: number | null } | null } | null;
}

/**
 * Where events took place: each event's location with its coordinates, or
 * the nearest enclosing location that has them (a palace without
 * coordinates is drawn at its city). Events without a located place are
 * left out. nodes(ids) takes at most 100 ids; batches of 50 keep the
 * nested selection well under the complexity limit.
 */
export async function eventPlaces(ids: string[]): Promise<EventPlace[]> {
  const out: EventPlace[] = [];
  const parts: string[][] = [];
  for (let i = 0; i < ids.length; i += 50) parts.push(ids.slice(i, i + 50));
  const coords = 'name latitude longitude';
  const run = async (part: string[]) => {
    const data = await gql<{ nodes: ({ __typename: string; id: string; title: string; kind: string; startDate: string | null; location: PlaceAnswer | null } | null)[] }>(
      `query EventPlaces($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Event { id title kind startDate location { id ${coords} parent { ${coords} parent { ${coords} } } } } } }`,
      { ids: part },
    );
    for (const e of data.nodes ?? []) {
      if (!e || e.__typename !== 'Event' || !e.location) continue;
      const chain = [e.location, e.location.parent, e.location.parent?.parent];
      const at = chain.find((l) => l && typeof l.latitude === 'number' && typeof l.longitude === 'number');
      if (!at) continue;
      out.push({ id: e.id, title: e.title, kind: e.kind, startDate: e.startDate, place: e.location.name, lat: at.latitude as number, lon: at.longitude as number });
    }
  };
  const queue = [...parts];
  await Promise.all(Array.from({ length: Math.min(3, queue.length) }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await run(p);
  }));
  return out;
}

/** The first and last start dates of all events (null when there are none). */
export async function eventSpan(): Promise<{ first: string; last: string } | null> {
  const sel = 'edges { node { startDate } }';
  const d = await gql<{ a: { edges: { node: { startDate: string | null } }[] }; b: { edges: { node: { startDate: string | null } }[] } }>(
    `query Span { a: events(first: 1, where: { from: "0001-01-01" }, orderBy: {field: START_DATE, direction: ASC}) { ${sel} } b: events(first: 1, where: { from: "0001-01-01" }, orderBy: {field: START_DATE, direction: DESC}) { ${sel} } }`,
  );
  const first = d.a.edges[0]?.node.startDate;
  const last = d.b.edges[0]?.node.startDate;
  return first && last ? { first: first.slice(0, 10), last: last.slice(0, 10) } : null;
}

/**
 * How many events overlap each period: one aliased `events(where: {from, to})`
 * per period, its totalCount, twenty to a request. An event spanning two periods
 * counts in both (the filter's rule). Until the service has counts by period.
 */
export async function eventCounts(bins: { from: string; to: string }[]): Promise<number[]> {
  // The service takes at most 20 root fields that reach the database per request.
  const PER = 20;
  const out: number[] = new Array(bins.length).fill(0);
  const parts: number[] = [];
  for (let i = 0; i < bins.length; i += PER) parts.push(i);
  await Promise.all(
    parts.map(async (lo) => {
      const part = bins.slice(lo, lo + PER);
      const vars: Record<string, unknown> = {};
      const fields = part.map((b, i) => {
        vars[`w${i}`] = { from: b.from, to: b.to };
        return `c${i}: events(first: 1, where: $w${i}) { totalCount }`;
      });
      const decl = part.map((_, i) => `$w${i}: EventWhere`).join(', ');
      const d = await gql<Record<string, { totalCount: number }>>(`query Counts(${decl}) { ${fields.join(' ')} }`, vars);
      part.forEach((_, i) => {
        out[lo + i] = d[`c${i}`]?.totalCount ?? 0;
      });
    }),
  );
  return out;
}
