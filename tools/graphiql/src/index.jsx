// GraphiQL for RuianSamples, bundled from npm packages: the IDE must work on networks with no CDN.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';

const endpoint = new URL('/graphql', window.location.href).toString();

async function fetcher(params) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify(params),
  });
  return response.json();
}

const defaultQuery = `# One request for a sample page: try Ctrl+Enter.
query SamplePage {
  sample(number: 2) {
    number
    title { zh en }
    summary { zh en }
    regions { slug name { zh en } }
    measures { zh en }
    figures {
      indicator { zh en }
      valueText
      unit
      citation { quote cite { zh en } }
    }
    sources { sourceId title { zh en } date }
  }
}
`;

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false }),
);
