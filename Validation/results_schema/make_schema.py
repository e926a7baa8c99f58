#!/usr/bin/env python3
"""Derives docs/results.schema.json from laeval's results.json and checks results against it.

Usage, from the repository root:
  python3 Validation/results_schema/make_schema.py make  RESULTS.json [MORE.json …]   # (re)write the schema
  python3 Validation/results_schema/make_schema.py check RESULTS.json                 # validate one file

The schema is inferred with genson from results of the demo study (a real, complete run), then
tightened by hand-set rules below: required top-level keys, numbers that may be the strings
"NaN"/"Infinity" (how results.json writes non-finite values), and SHA-256 hex digests. It
describes the contract of design.md §6; laeval's tests read results.json back into
EvaluationResults.
"""
import json, sys

def tighten(schema):
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "laeval results.json"
    schema["required"] = ["study", "simulated", "provenance", "warnings", "audit", "disclosure_threshold", "descriptives", "stages_not_run"]
    inputs = schema["properties"]["provenance"]["properties"]["inputs"]["items"]
    inputs["properties"]["sha256"] = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    return schema

def number_or_nonfinite(node):
    if isinstance(node, dict):
        if node.get("type") == "number" or node.get("type") == ["integer", "number"]:
            return {"anyOf": [{"type": "number"}, {"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}]}
        return {k: number_or_nonfinite(v) for k, v in node.items()}
    if isinstance(node, list):
        return [number_or_nonfinite(v) for v in node]
    return node

def main():
    mode, paths = sys.argv[1], sys.argv[2:]
    if mode == "make":
        from genson import SchemaBuilder
        builder = SchemaBuilder()
        for path in paths:
            builder.add_object(json.load(open(path)))
        schema = tighten(number_or_nonfinite(builder.to_schema()))
        with open("docs/results.schema.json", "w") as out:
            json.dump(schema, out, indent=2, sort_keys=True)
            out.write("\n")
        print("wrote docs/results.schema.json")
    else:
        import jsonschema
        schema = json.load(open("docs/results.schema.json"))
        jsonschema.validate(json.load(open(paths[0])), schema)
        print(f"{paths[0]}: valid")

main()
