"""Marshmallow schemas → OpenAPI 3.0 schema objects, each schema class once under components/schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, missing, validate

JsonSchema = dict[str, Any]


class Components:
    """The schema components met so far; `ref` registers a schema class and returns a $ref to it."""

    def __init__(self) -> None:
        self.schemas: dict[str, JsonSchema] = {}
        self._names: dict[type[Schema], str] = {}

    def ref(self, schema: type[Schema] | Schema) -> JsonSchema:
        cls = schema if isinstance(schema, type) else type(schema)
        if cls not in self._names:
            name = self._name_for(cls)
            self._names[cls] = name
            self.schemas[name] = {}  # reserved first: a schema may refer to itself
            self.schemas[name] = self.object_schema(cls())
        return {"$ref": f"#/components/schemas/{self._names[cls]}"}

    def object_schema(self, schema: Schema) -> JsonSchema:
        properties = {_key(name, f): self.field(f) for name, f in schema.fields.items()}
        required = sorted(_key(name, f) for name, f in schema.fields.items() if f.required)
        result: JsonSchema = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        if schema.unknown == RAISE:
            result["additionalProperties"] = False
        return result

    def parameters(self, schema: type[Schema], location: str) -> list[JsonSchema]:
        """One parameter per field of a query-string schema."""
        found = []
        for name, f in schema().fields.items():
            parameter = {"name": _key(name, f), "in": location, "required": bool(f.required), "schema": self.field(f)}
            if "description" in f.metadata:
                parameter["description"] = f.metadata["description"]
            if isinstance(f, fields.List):
                parameter.update(style="form", explode=True)
            found.append(parameter)
        return found

    def field(self, f: fields.Field[Any]) -> JsonSchema:
        result = self._type_of(f)
        for validator in _validators(f):
            result.update(_constraint(validator, result.get("type")))
        if "description" in f.metadata:
            result["description"] = f.metadata["description"]
        default = f.load_default
        if default is not None and not callable(default) and default is not missing:
            result["default"] = default.value if hasattr(default, "value") else default
        if f.allow_none:
            result = {"allOf": [result], "nullable": True} if "$ref" in result else {**result, "nullable": True}
        return result

    def _type_of(self, f: fields.Field[Any]) -> JsonSchema:
        if isinstance(f, fields.Nested):
            return self.ref(f.schema)
        if isinstance(f, fields.List):
            return {"type": "array", "items": self.field(f.inner)}
        if isinstance(f, fields.Dict):
            values = {} if f.value_field is None else self.field(f.value_field)
            return {"type": "object", "additionalProperties": values or True}
        if isinstance(f, fields.Enum):
            return {"type": "string", "enum": [str(member.value) for member in f.enum]}
        for kind, schema in _SIMPLE:
            if isinstance(f, kind):
                return {"type": "number"} if isinstance(f, fields.Decimal) and not f.as_string else dict(schema)
        return {}

    @staticmethod
    def _name_for(schema: type[Schema]) -> str:
        name = schema.__name__
        return name[: -len("Schema")] if name.endswith("Schema") and name != "Schema" else name


# Order matters: Date and AwareDateTime are DateTimes, Decimal is a Number
_SIMPLE: tuple[tuple[type[fields.Field[Any]], JsonSchema], ...] = (
    (fields.Date, {"type": "string", "format": "date"}),
    (fields.DateTime, {"type": "string", "format": "date-time"}),
    (fields.Decimal, {"type": "string", "format": "decimal"}),
    (fields.Integer, {"type": "integer"}),
    (fields.Number, {"type": "number"}),
    (fields.Boolean, {"type": "boolean"}),
    (fields.String, {"type": "string"}),
)


def _key(name: str, f: fields.Field[Any]) -> str:
    return f.data_key or name


def _validators(f: fields.Field[Any]) -> list[Any]:
    return list(getattr(f, "validators", []))


def _constraint(validator: Any, kind: str | None) -> JsonSchema:
    if isinstance(validator, validate.OneOf):
        return {"enum": list(validator.choices)}
    if isinstance(validator, validate.Regexp):
        return {"pattern": validator.regex.pattern}
    if isinstance(validator, validate.Length):
        prefix = "Items" if kind == "array" else "Length"
        bounds = {f"min{prefix}": validator.min, f"max{prefix}": validator.max}
        return {key: value for key, value in bounds.items() if value is not None}
    if isinstance(validator, validate.Range) and kind in ("integer", "number"):
        return _range(validator)
    return {}


def _range(validator: validate.Range) -> JsonSchema:
    result: JsonSchema = {}
    if validator.min is not None:
        result["minimum"] = validator.min
        if not validator.min_inclusive:
            result["exclusiveMinimum"] = True
    if validator.max is not None:
        result["maximum"] = validator.max
        if not validator.max_inclusive:
            result["exclusiveMaximum"] = True
    return result
