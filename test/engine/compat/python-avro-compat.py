"""Reader/writer compatibility by Debian's python3-avro (a port of Apache Avro's checker), for the
differential test: reads JSON lines {"reader": text, "writer": text} (schema texts) on stdin and writes one
JSON line {"compatible": bool, "types": [...]} (or {"error": text} when a schema does not parse)."""
import json
import sys

import avro
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from avro.schema import parse

print(json.dumps({"version": avro.__version__}), flush=True)
for line in sys.stdin:
    pair = json.loads(line)
    try:
        reader = parse(pair["reader"])
        writer = parse(pair["writer"])
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
        types = sorted({t.value.upper() for t in result.incompatibilities})
        print(json.dumps({"compatible": result.compatibility is SchemaCompatibilityType.compatible, "types": types}))
    except Exception as error:  # a schema python-avro refuses: reported, not fatal
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
