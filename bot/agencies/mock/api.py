"""A small layer over Sanic: operations declared once, validated with pydantic, and described in OpenAPI.

Every route goes through `Api.op`, which records what it takes and returns; `Api.openapi()` builds the
OpenAPI 3.0 document from those records and the pydantic models, so the document cannot drift from the code.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Type

from pydantic import BaseModel, ValidationError
from sanic import Blueprint
from sanic.response import HTTPResponse, json as json_response

from bot.agencies.models import ErrorBody

IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEM_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,255}$")


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, detail: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.detail, self.headers = status, error, message, detail, headers


def error_response(status: int, error: str, message: str, detail: list[dict] | None = None,
                   headers: dict[str, str] | None = None) -> HTTPResponse:
    body: dict[str, Any] = {"error": error, "message": message}
    if detail is not None:
        body["detail"] = detail
    return json_response(body, status=status, headers=headers)


def field_errors(exc: ValidationError, prefix: str) -> list[dict]:
    return [{"loc": [prefix, *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def invalid(loc: list[Any], msg: str, type_: str = "value_error") -> ApiError:
    return ApiError(422, "invalid_request", "The request is not valid.", [{"loc": loc, "msg": msg, "type": type_}])


def parse_body(request, model: Type[BaseModel]) -> BaseModel:
    raw = request.body or b""
    try:
        data = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise invalid(["body"], "body is not valid JSON", "value_error.jsondecode")
    if not isinstance(data, dict):
        raise invalid(["body"], "body must be a JSON object", "type_error.dict")
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", "The request is not valid.", field_errors(exc, "body"))


def parse_query(request, model: Type[BaseModel]) -> BaseModel:
    data = {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in request.args.items()}
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", "The request is not valid.", field_errors(exc, "query"))


def dump(model_or_dict: Any) -> Any:
    if isinstance(model_or_dict, BaseModel):
        return json.loads(model_or_dict.json(by_alias=True))
    return json.loads(json.dumps(model_or_dict, default=str))


@dataclass
class Op:
    method: str
    path: str                      # OpenAPI style, {param}
    tag: str
    summary: str
    body: Optional[Type[BaseModel]] = None
    query: Optional[Type[BaseModel]] = None
    path_params: dict[str, dict] = field(default_factory=dict)
    headers: dict[str, dict] = field(default_factory=dict)     # name -> {required, schema, description}
    responses: dict[int, tuple[Optional[Type[BaseModel]], str]] = field(default_factory=dict)
    auth: Optional[str] = "agency"  # "agency", "admin" or None
    idempotent: bool = False


def _sanic_path(path: str) -> str:
    return re.sub(r"\{(\w+)\}", r"<\1:str>", path)


class Api:
    def __init__(self) -> None:
        self.ops: list[Op] = []

    def op(self, bp: Blueprint, method: str, path: str, *, tag: str, summary: str,
           body: Type[BaseModel] | None = None, query: Type[BaseModel] | None = None,
           path_params: dict[str, dict] | None = None, headers: dict[str, dict] | None = None,
           responses: dict[int, tuple[Optional[Type[BaseModel]], str]] | None = None,
           auth: str | None = "agency", idempotent: bool = False) -> Callable:
        """Register a route on `bp` (path is absolute; the blueprint has no prefix of its own)."""
        spec = Op(method, path, tag, summary, body, query, dict(path_params or {}), dict(headers or {}),
                  dict(responses or {}), auth, idempotent)
        if body or query or spec.path_params or any(h.get("required") for h in spec.headers.values()):
            spec.responses.setdefault(422, (ErrorBody, "The request is not valid (field errors in `detail`)."))
        if idempotent:
            spec.headers[IDEMPOTENCY_HEADER] = {
                "required": False, "schema": {"type": "string", "pattern": _IDEM_RE.pattern},
                "description": "Applied once however often it is retried; a retry gets the same response."}
            spec.responses.setdefault(409, (ErrorBody, "The Idempotency-Key was used with a different request."))
            spec.responses.setdefault(422, (ErrorBody, "The request is not valid (field errors in `detail`)."))
        if auth:
            spec.responses.setdefault(401, (ErrorBody, "No bearer token."))
            spec.responses.setdefault(403, (ErrorBody, "Wrong bearer token."))
        if auth == "agency":
            spec.responses.setdefault(503, (ErrorBody, "The agency is unavailable (maintenance or injected fault)."))
        self.ops.append(spec)

        def decorator(handler: Callable) -> Callable:
            @functools.wraps(handler)
            async def wrapped(request, **kwargs):
                try:
                    if idempotent:
                        return await _idempotent(request, handler, kwargs)
                    return await handler(request, **kwargs)
                except ApiError as exc:
                    return error_response(exc.status, exc.error, exc.message, exc.detail, exc.headers)
            wrapped.__name__ = f"{method.lower()}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}"
            bp.add_route(wrapped, _sanic_path(path), methods=[method], name=wrapped.__name__)
            return handler
        return decorator

    # ------------------------------------------------------------------ OpenAPI
    def openapi(self, title: str, version: str, description: str) -> dict:
        components: dict[str, Any] = {}

        def ref(model: Type[BaseModel]) -> dict:
            schema = model.schema(by_alias=True, ref_template="#/components/schemas/{model}")
            for name, definition in schema.pop("definitions", {}).items():
                components.setdefault(name, definition)
            components.setdefault(model.__name__, schema)
            return {"$ref": f"#/components/schemas/{model.__name__}"}

        paths: dict[str, dict] = {}
        for op in self.ops:
            params = [{"name": n, "in": "path", "required": True, "schema": s} for n, s in op.path_params.items()]
            for name, h in op.headers.items():
                params.append({"name": name, "in": "header", "required": bool(h.get("required")),
                               "schema": h.get("schema", {"type": "string"}),
                               "description": h.get("description", "")})
            if op.query:
                qs = op.query.schema()
                required = set(qs.get("required", []))
                for name, prop in qs.get("properties", {}).items():
                    prop = {k: v for k, v in prop.items() if k != "title"}
                    params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
            entry: dict[str, Any] = {"tags": [op.tag], "summary": op.summary,
                                     "operationId": f"{op.method.lower()}{re.sub(r'[^A-Za-z0-9]+', '_', op.path)}"}
            if params:
                entry["parameters"] = params
            if op.body:
                entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(op.body)}}}
            entry["responses"] = {}
            for status, (model, text) in sorted(op.responses.items()):
                resp: dict[str, Any] = {"description": text}
                if model is not None:
                    resp["content"] = {"application/json": {"schema": ref(model)}}
                entry["responses"][str(status)] = resp
            if op.auth == "agency":
                entry["security"] = [{"agencyToken": []}]
            elif op.auth == "admin":
                entry["security"] = [{"adminToken": []}]
            else:
                entry["security"] = []
            paths.setdefault(op.path, {})[op.method.lower()] = entry
        return {
            "openapi": "3.0.3",
            "info": {"title": title, "version": version, "description": description},
            "paths": paths,
            "components": {
                "schemas": components,
                "securitySchemes": {
                    "agencyToken": {"type": "http", "scheme": "bearer", "description": "VEIVISER_AGENCY_TOKEN"},
                    "adminToken": {"type": "http", "scheme": "bearer", "description": "VEIVISER_AGENCY_ADMIN_TOKEN"},
                },
            },
        }


async def _idempotent(request, handler: Callable, kwargs: dict) -> HTTPResponse:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return await handler(request, **kwargs)
    if not _IDEM_RE.match(key):
        raise invalid(["header", IDEMPOTENCY_HEADER], "1-255 characters: letters, digits, . _ : -")
    store = request.app.ctx.store
    scope = f"{request.method} {request.path} {key}"
    digest = hashlib.sha256(request.body or b"").hexdigest()
    seen = store.idempotent_get(scope)
    if seen is not None:
        if seen["request_hash"] != digest:
            raise ApiError(409, "conflict", "This Idempotency-Key was already used with a different request.")
        return HTTPResponse(seen["body"], status=seen["status"], content_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
    response = await handler(request, **kwargs)
    if response.status < 500:
        store.idempotent_put(scope, digest, response.status, response.body.decode("utf-8"))
    return response
