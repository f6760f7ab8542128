"""Loads every collection of the OGC API into QGIS (headless) as an OAPIF layer, once with
a Basic authentication config holding an API token and once without, and prints what it
saw as JSON.

Usage: qgis-check.py <landing page URL> <API token> <collection id>...
"""
import json
import os
import sys
import tempfile

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
os.environ['QGIS_AUTH_DB_DIR_PATH'] = tempfile.mkdtemp(prefix='qgis-auth-')

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsVectorLayer  # noqa: E402


def add_basic_config(token):
    """A 'Basic authentication' config as a user makes it: any user name, the token as password."""
    manager = QgsApplication.authManager()
    if not manager.setMasterPassword('e2e master password', True):
        raise SystemExit('could not set the master password of the QGIS auth database')
    config = QgsAuthMethodConfig('Basic')
    config.setName('civil-affairs map token')
    config.setConfig('username', 'qgis')
    config.setConfig('password', token)
    stored = manager.storeAuthenticationConfig(config)
    if not (stored[0] if isinstance(stored, tuple) else stored):
        raise SystemExit('could not store the authentication config')
    return config.id()


def load(url, collection_id, authcfg=None):
    uri = f"url='{url}' typename='{collection_id}'" + (f" authcfg='{authcfg}'" if authcfg else '')
    layer = QgsVectorLayer(uri, collection_id, 'OAPIF')
    if not layer.isValid():
        return {'valid': False}
    return {
        'valid': True,
        'featureCount': layer.featureCount(),
        'iterated': sum(1 for _ in layer.getFeatures()),
        'fields': {field.name(): field.typeName() for field in layer.fields()},
    }


def main():
    url, token, collection_ids = sys.argv[1], sys.argv[2], sys.argv[3:]
    app = QgsApplication([], False)
    app.initQgis()
    authcfg = add_basic_config(token)
    result = {
        'with_token': {c: load(url, c, authcfg) for c in collection_ids},
        'without_auth': {c: load(url, c) for c in collection_ids[:1]},
    }
    app.exitQgis()
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
