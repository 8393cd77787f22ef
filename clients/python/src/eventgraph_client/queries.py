"""The GraphQL documents the client sends.

Every connection query takes ``$first`` and ``$after`` so that
:meth:`eventgraph_client.Client.paginate` can walk it page by page.
"""

ACTOR_FIELDS = """
  id name kind aliases description countryCode wikidataId codes
"""

EVENT_FIELDS = """
  id title kind mode contexts startDate endDate datePrecision summary outcome
  figures { label value unit }
  externalIds { system id }
  location { id name kind countryCode latitude longitude }
"""

EVENTS = (
    """
query Events($first: Int, $after: String, $where: EventWhere, $orderBy: EventOrder) {
  events(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {"""
    + EVENT_FIELDS
    + """} }
  }
}
"""
)

# Events with their participants in one round trip; an event with more
# participants than one page holds is completed with EVENT_PARTICIPANTS.
EVENTS_WITH_PARTICIPANTS = """
query EventsWithParticipants($first: Int, $after: String, $where: EventWhere, $participantsFirst: Int) {
  events(first: $first, after: $after, where: $where) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id title kind startDate endDate
      participants(first: $participantsFirst) {
        pageInfo { hasNextPage endCursor }
        edges { kind role node { id name kind } }
      }
    } }
  }
}
"""

EVENT = (
    """
query Event($id: ID!) {
  event(id: $id) {"""
    + EVENT_FIELDS
    + """
    parent { id title }
    subEvents(first: 50) { edges { node { id title kind startDate } } }
    ledTo(first: 50) { edges { node { id title kind startDate } } }
    ledFrom(first: 50) { edges { node { id title kind startDate } } }
    topics { id name }
    sources { quote source { id title } }
  }
}
"""
)

EVENT_PARTICIPANTS = """
query EventParticipants($id: ID!, $first: Int, $after: String, $where: ParticipantWhere) {
  event(id: $id) {
    id
    participants(first: $first, after: $after, where: $where) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { kind role quote node { id name kind countryCode } }
    }
  }
}
"""

ACTOR_EVENTS = """
query ActorEvents($id: ID!, $first: Int, $after: String, $where: ActorEventsWhere) {
  actor(id: $id) {
    id
    events(first: $first, after: $after, where: $where) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { kind role quote node { id title kind startDate endDate } }
    }
  }
}
"""

ACTORS = (
    """
query Actors($first: Int, $after: String, $where: ActorWhere, $orderBy: ActorOrder) {
  actors(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {"""
    + ACTOR_FIELDS
    + """} }
  }
}
"""
)

ACTOR = (
    """
query Actor($id: ID!) {
  actor(id: $id) {"""
    + ACTOR_FIELDS
    + """
    affiliations(first: 50) { edges { role validFrom validTo node { id name kind } } }
    members(first: 50) { edges { role validFrom validTo node { id name kind } } }
  }
}
"""
)

POSITIONS = """
query Positions($first: Int, $after: String, $where: PositionWhere, $orderBy: PositionOrder) {
  positions(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id stance statement validFrom validTo
      actor { id name kind }
      topic { id name }
      respondsTo { id statement actor { id name } }
      sources { quote source { id title } }
    } }
  }
}
"""

FORECASTS = """
query Forecasts($first: Int, $after: String, $where: ForecastWhere, $orderBy: ForecastOrder) {
  forecasts(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id statement horizon likelihood status windowStart windowEnd resolvedAt
      probability { low high }
      about {
        __typename
        ... on Actor { id name }
        ... on Event { id title }
        ... on Topic { id name }
      }
      source { id title publishedAt }
    } }
  }
}
"""

TOPICS = """
query Topics($first: Int, $after: String, $where: TopicWhere) {
  topics(first: $first, after: $after, where: $where) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name description } }
  }
}
"""

SEARCH = """
query Search($query: String!, $kinds: [NodeType!], $first: Int) {
  search(query: $query, kinds: $kinds, first: $first) {
    type score
    node {
      id
      ... on Actor { name }
      ... on Event { title }
      ... on Location { name }
      ... on Topic { name }
      ... on Position { statement }
      ... on Forecast { statement }
      ... on Source { title }
    }
  }
}
"""

SUBGRAPH_FIELDS = """
  truncated
  nodes { id type label properties }
  edges { id type source target properties }
"""

NEIGHBORHOOD = (
    """
query Neighborhood($id: ID!, $depth: Int, $limit: Int, $from: Date, $to: Date) {
  neighborhood(id: $id, depth: $depth, limit: $limit, from: $from, to: $to) {"""
    + SUBGRAPH_FIELDS
    + """}
}
"""
)

PATH = (
    """
query Path($fromId: ID!, $toId: ID!, $maxDepth: Int) {
  path(fromId: $fromId, toId: $toId, maxDepth: $maxDepth) {"""
    + SUBGRAPH_FIELDS
    + """}
}
"""
)

LIKELIHOOD_SCALE = """
query LikelihoodScale { likelihoodScale { term probability { low high } } }
"""

INGEST = """
mutation Ingest($input: IngestInput!, $validateOnly: Boolean) {
  ingest(input: $input, validateOnly: $validateOnly) {
    validateOnly created updated unchanged relationshipsCreated bookmark
    counts { type created updated unchanged }
  }
}
"""

CITATIONS = """
query Citations($id: ID!, $first: Int, $after: String, $types: [NodeType!]) {
  source(id: $id) {
    id
    citations(first: $first, after: $after, types: $types) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        quote
        node {
          __typename id
          ... on Actor { name }
          ... on Event { title }
          ... on Location { name }
          ... on Topic { name }
          ... on Position { statement }
          ... on Forecast { statement }
          ... on Source { title }
        }
      }
    }
  }
}
"""

MERGE_FIELDS = """
    revisionId mergedIds moved combined dropped bookmark
    kept { id __typename ... on Actor { name aliases codes } ... on Location { name } }
"""

MERGE_ACTORS = (
    """
mutation MergeActors($keepId: ID!, $mergeIds: [ID!]!) {
  mergeActors(keepId: $keepId, mergeIds: $mergeIds) {"""
    + MERGE_FIELDS
    + """}
}
"""
)

MERGE_LOCATIONS = (
    """
mutation MergeLocations($keepId: ID!, $mergeIds: [ID!]!) {
  mergeLocations(keepId: $keepId, mergeIds: $mergeIds) {"""
    + MERGE_FIELDS
    + """}
}
"""
)

UNMERGE = """
mutation Unmerge($revisionId: ID!) {
  unmerge(revisionId: $revisionId) {
    revisionId bookmark
    kept { id }
    restored { id }
  }
}
"""

DUPLICATE_CANDIDATES = """
query DuplicateCandidates($type: MergeType!, $id: ID, $first: Int) {
  duplicateCandidates(type: $type, id: $id, first: $first) {
    aId aName bId bName score
    reasons { kind detail }
  }
}
"""

EVENT_COUNTS = """
query($where: EventWhere, $by: [EventCountKey!]! = [KIND], $interval: Interval, $orderBy: BucketOrder, $first: Int) {
  eventCounts(where: $where, by: $by, interval: $interval, orderBy: $orderBy, first: $first) {
    bucketCount
    buckets { count kind mode context period country location { id name } actor { id name } participationKind }
  }
}
"""

CO_PARTICIPATION = """
query($where: EventWhere, $first: Int) {
  coParticipation(where: $where, first: $first) {
    pairCount
    pairs { a { id name kind } b { id name kind } count firstDate lastDate }
  }
}
"""

FORECAST_SCORES = """
query ForecastScores($by: ForecastScoreKey!, $where: ForecastWhere, $first: Int) {
  forecastScores(by: $by, where: $where, first: $first) {
    source { id title } author publisher horizon likelihood
    issued open overdue resolved cameTrue didNotHappen withdrawn brierScore
    calibration { likelihood probability { low high } resolved cameTrue shareTrue interval { low high } consistent }
  }
}
"""

RESOLVE_FORECAST = """
mutation($id: ID!, $outcome: ForecastOutcome!, $at: Date, $resolvedById: ID, $note: String, $citations: [CitationInput!]) {
  resolveForecast(id: $id, outcome: $outcome, at: $at, resolvedById: $resolvedById, note: $note, citations: $citations) {
    status bookmark forecast { id status resolvedAt resolutionNote resolvedBy { id } }
  }
}
"""

REOPEN_FORECAST = """
mutation($id: ID!, $reason: String!) {
  reopenForecast(id: $id, reason: $reason) { status bookmark forecast { id status resolvedAt resolutionNote } }
}
"""

CHANGE_FIELDS = """
  cursor
  revision { seq at key batch kind sources }
  entityId entityType op mergedInto
  fields { field old new }
  relationships { op type direction otherId otherType old new }
"""

HISTORY = (
    """
query History($id: ID!, $first: Int, $after: String) {
  history(id: $id, first: $first, after: $after) {
    changes {"""
    + CHANGE_FIELDS
    + """}
    endCursor hasNextPage
  }
}
"""
)

CHANGES = (
    """
query Changes($after: String, $first: Int, $types: [NodeType!]) {
  changes(after: $after, first: $first, types: $types) {
    changes {"""
    + CHANGE_FIELDS
    + """}
    endCursor hasNextPage
  }
}
"""
)
