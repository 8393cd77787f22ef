// GraphiQL at `/`, bundled with React from npm at build time (ui/build.mjs)
// and embedded in the binary like the explorer: analysts' networks often
// have no internet access, and a page that loads its code from a CDN shows
// "Loading…" forever there. The page talks only to its own /graphql.

import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';

const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql: the page has no #graphiql element');

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    defaultQuery: `# eventgraph: the GraphQL API of the event-and-actor graph.
# Open the docs (the book icon, left) for every type and field;
# Ctrl-Enter runs the query. The explorer is at /explore.
{
  search(query: "Zelensky", first: 5) {
    type
    score
    node { id ... on Actor { name aliases } }
  }
}
`,
  }),
);
