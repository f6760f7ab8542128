"""Reads the OGC API with OWSLib as a script would, and prints what it saw as JSON.

Usage: owslib-check.py <landing page URL> [page size]
"""
import json
import sys

from owslib.ogcapi.features import Features
from owslib.util import http_get

SCHEMA = 'application/schema+json'


def page_through(api, collection_id, limit):
    """Every feature of a collection, by offset, until a page has no next link."""
    ids, pages, offset, matched = [], 0, 0, None
    while True:
        page = api.collection_items(collection_id, limit=limit, offset=offset)
        pages += 1
        matched = page['numberMatched']
        ids.extend(feature['id'] for feature in page['features'])
        if not any(link['rel'] == 'next' for link in page.get('links', [])):
            break
        offset += page['numberReturned']
    return {'numberMatched': matched, 'features': len(ids), 'distinct_ids': len(set(ids)), 'pages': pages}


def main():
    url = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    api = Features(url)
    openapi = api.api()
    result = {
        'landing_rels': sorted(link['rel'] for link in api.links),
        'openapi': openapi.get('openapi'),
        'conformance': api.conformance()['conformsTo'],
        'feature_collections': api.feature_collections(),
        'collections': {},
    }
    for collection_id in result['feature_collections']:
        collection = api.collection(collection_id)
        described_by = next(link['href'] for link in collection['links'] if link['rel'] == 'describedBy' and link['type'] == SCHEMA)
        schema = http_get(described_by, headers=api.headers, auth=api.auth).json()
        queryables = api.collection_queryables(collection_id)
        result['collections'][collection_id] = {
            **page_through(api, collection_id, limit),
            'queryables': sorted(queryables['properties']),
            'schema_properties': {name: spec.get('type') for name, spec in schema['properties'].items()},
            'schema_roles': {name: spec['x-ogc-role'] for name, spec in schema['properties'].items() if 'x-ogc-role' in spec},
        }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
