"""The catalog stage: YAML files in, validated pydantic models out.

`yaml_reader` parses YAML with positions, `models` is the schema, `loader` builds a `Catalog`,
`checks` runs the cross-reference checks (validate = load, then check), `schema` and
`field_docs` derive the JSON Schema and the field tables from the models. Nothing here
imports a view, so loading a catalog stays light.
"""
