#!/usr/bin/env python3
"""Extracts the parts of botocore's AWS KMS service model that Trent validates against
(operation names, input/output shapes, member constraints) into packages/server/src/api/model.json.
Documentation strings are dropped; only facts (names, types, limits, enums, patterns) are kept."""
import gzip, json, os, sys
import botocore

path = os.path.join(os.path.dirname(botocore.__file__), 'data', 'kms', '2014-11-01', 'service-2.json.gz')
model = json.load(gzip.open(path))
KEEP = ('type', 'min', 'max', 'enum', 'pattern', 'required', 'sensitive')
shapes = {}
for name, s in model['shapes'].items():
    if s.get('exception'):
        continue
    out = {k: s[k] for k in KEEP if k in s}
    if s['type'] == 'structure':
        out['members'] = {m: v['shape'] for m, v in s['members'].items()}
    elif s['type'] == 'list':
        out['member'] = s['member']['shape']
    elif s['type'] == 'map':
        out['key'] = s['key']['shape']
        out['value'] = s['value']['shape']
    shapes[name] = out
ops = {n: {'input': o.get('input', {}).get('shape'), 'output': o.get('output', {}).get('shape')}
       for n, o in model['operations'].items()}
json.dump({'version': model['metadata']['apiVersion'], 'operations': ops, 'shapes': shapes},
          open(sys.argv[1] if len(sys.argv) > 1 else 'packages/server/src/api/model.json', 'w'),
          indent=0, sort_keys=True)
