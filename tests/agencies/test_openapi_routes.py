"""The OpenAPI document lists exactly the routes the app serves (the fuzz test relies on it)."""
import re

from bot.agencies.mock.app import create_app


def test_every_route_is_described_and_every_description_is_routed(tmp_path):
    app = create_app(db_path=tmp_path / "a.db", token="t", admin_token="a", name="veiviser_agencies_openapi_test")
    routed = set()
    for route in app.router.routes:
        path = "/" + re.sub(r"<(\w+)(:\w+)?>", r"{\1}", route.path).lstrip("/")
        for method in route.methods:
            if method not in ("HEAD", "OPTIONS"):
                routed.add((method, path))
    doc = app.ctx.openapi
    described = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    assert routed - described == {("GET", "/openapi.json"), ("GET", "/docs")}
    assert described <= routed
    # every operation documents its error answers
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            if op["security"]:
                assert {"401", "403"} <= codes, (method, path)
            if "parameters" in op or "requestBody" in op:
                assert "422" in codes, (method, path)
    app.ctx.store.close()
