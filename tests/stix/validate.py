#!/usr/bin/env python3
"""Validates a STIX 2.1 bundle with the OASIS `stix2` library: every object parsed with
allow_custom=False (so no property or object outside the spec passes), every reference resolved
inside the bundle. Usage: validate.py BUNDLE.json; exit 0 when valid, 1 when not, 3 when the
`stix2` library is missing (the Rust test decides whether that is a failure)."""

import json
import sys

try:
    import stix2
except ImportError:
    print("stix2 is not installed (pip install stix2)", file=sys.stderr)
    sys.exit(3)


def main(path):
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    bundle = stix2.parse(raw, allow_custom=False, version="2.1")
    ids = {obj.id for obj in bundle.objects}
    missing = []
    for obj in bundle.objects:
        refs = []
        if obj.type == "relationship":
            refs = [obj.source_ref, obj.target_ref]
        elif obj.type == "report":
            refs = list(obj.object_refs)
        missing += [(obj.id, ref) for ref in refs if ref not in ids]
    if missing:
        print(f"references to objects not in the bundle: {missing[:5]}", file=sys.stderr)
        return 1
    counts = {}
    for obj in bundle.objects:
        counts[obj.type] = counts.get(obj.type, 0) + 1
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except stix2.exceptions.STIXError as error:
        print(f"invalid STIX: {error}", file=sys.stderr)
        sys.exit(1)
