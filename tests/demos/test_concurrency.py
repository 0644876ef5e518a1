"""Isolation under concurrency: 50 clients with their own sessions write at once, live."""

import http.cookiejar
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from django.conf import settings

from tutorial.demos.models import Article, Product

CLIENTS = 50


class Client:
    def __init__(self, base: str, number: int) -> None:
        self.base = base
        self.number = number
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def token(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def send(self, method, path, body=b"", content_type="application/json"):
        headers = {"Content-Type": content_type}
        if method != "GET":
            headers["X-CSRFToken"] = self.token()
        request = urllib.request.Request(self.base + path, body or None, headers, method=method)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def run(self):
        status, body = self.send("GET", "/demos/sandbox.json")
        assert status == HTTPStatus.OK
        own = json.loads(body)
        created = []
        for n in range(3):
            title = f"client {self.number} article {n}"
            status, body = self.send(
                "POST", "/demos/articles/", f"title={title}&content=c".encode(),
                "application/x-www-form-urlencoded",
            )  # fmt: skip
            assert status == HTTPStatus.CREATED, body
            created.append(json.loads(body)["id"])
        name = json.dumps({"name": f"product of client {self.number}"}).encode()
        status, _ = self.send("PUT", f"/demos/products/{own['product']}/", name)
        assert status == HTTPStatus.OK
        status, _ = self.send("DELETE", f"/demos/articles/{created[0]}/delete/")
        assert status == HTTPStatus.NO_CONTENT
        return {"created": created, "product": own["product"]}

    def probe(self, others):
        """Every request for another client's rows must find nothing."""
        results = []
        for other in others:
            article = other["created"][1]
            results.append(self.send("GET", f"/demos/articles/{article}/")[0])
            results.append(self.send("DELETE", f"/demos/articles/{article}/delete/")[0])
            results.append(
                self.send("PUT", f"/demos/products/{other['product']}/", b'{"name": "stolen"}')[0]
            )
        return results


def test_fifty_clients_stay_isolated_and_lose_no_writes(live_server):
    clients = [Client(live_server.url, number) for number in range(CLIENTS)]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(Client.run, clients))
        probes = list(
            pool.map(lambda pair: pair[0].probe(pair[1]),
                     [(client, outcomes[:client.number][-3:] + outcomes[client.number + 1:][:3])
                      for client in clients])
        )  # fmt: skip
    assert all(status == HTTPStatus.NOT_FOUND for results in probes for status in results)

    for client, outcome in zip(clients, outcomes, strict=True):
        kept = Article.all_sandboxes.filter(pk__in=outcome["created"])
        # No lost writes: the two articles not deleted are there, as written, in one sandbox.
        assert sorted(kept.values_list("title", flat=True)) == [
            f"client {client.number} article 1",
            f"client {client.number} article 2",
        ]
        sandbox = kept.first().sandbox
        assert Article.all_sandboxes.filter(sandbox=sandbox).count() == 3 + 2
        product = Product.all_sandboxes.get(pk=outcome["product"])
        assert product.name == f"product of client {client.number}"
        assert product.sandbox == sandbox
    assert Article.all_sandboxes.count() <= settings.DEMO_SANDBOX_CAP * CLIENTS
    assert len({o["product"] for o in outcomes}) == CLIENTS
