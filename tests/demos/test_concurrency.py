"""Isolation under concurrency: 50 clients, each with its own session, write at once, live.

Every client creates articles and products until its sandbox is full and past it, renames its
products, deletes and creates again, over real HTTP to the live server. Between its own writes
it probes rows the other clients have just created, while they are still writing: reading,
renaming and deleting them must find nothing (404), and the product list must show only its own.
At the end the database holds exactly what each client was told it holds: no lost writes, no
row in the wrong sandbox, and no sandbox past the cap.
"""

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus

from tutorial.demos.models import Article, Product

from .conftest import LiveVisitor

CLIENTS = 50
CAP = 5  # rows of each kind one sandbox may hold
SEEDED = 3  # every sandbox starts with three articles and three products
SEEDED_PRODUCTS = {"Teapot", "Coffee pot", "Kettle"}
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class Board:
    """What the clients have told each other: rows just created, to probe while writing goes on."""

    rows: list[tuple[int, str, int]] = field(default_factory=list)  # (client, kind, id)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, client: int, kind: str, row_id: int) -> None:
        with self.lock:
            self.rows.append((client, kind, row_id))

    def others(self, client: int, count: int, rng: random.Random) -> list[tuple[str, int]]:
        with self.lock:
            theirs = [(kind, row_id) for who, kind, row_id in self.rows if who != client]
        return rng.sample(theirs, min(count, len(theirs)))


class Client:
    def __init__(self, base_url: str, number: int, board: Board) -> None:
        self.number = number
        self.visitor = LiveVisitor(base_url, keep_alive=True)
        self.board = board
        self.rng = random.Random(number)
        # What this client was told it holds: the articles it created, and all its products.
        self.articles: dict[int, str] = {}
        self.products: dict[int, str] = {}
        self.seeded_article = 0
        self.created = {"article": 0, "product": 0}
        self.refused = {"article": 0, "product": 0}
        self.found: list[tuple] = []  # probes that reached something not theirs

    def send(self, method, path, body=b"", content_type="application/json"):
        return self.visitor.send(method, path, body, content_type)

    def holds(self, kind: str) -> int:
        return SEEDED + len(self.articles) if kind == "article" else len(self.products)

    def create(self, kind: str, n) -> None:
        name = f"client {self.number} {kind} {n}"
        if kind == "article":
            body, content_type, path = f"title={name}&content=c".encode(), FORM, "/demos/articles/"
        else:
            body, content_type, path = json.dumps({"name": name}).encode(), JSON, "/demos/products/"
        reply = self.send("POST", path, body, content_type)
        if reply.status == HTTPStatus.CREATED:
            assert self.holds(kind) < CAP, (kind, "created past the cap")
            row_id = reply.json()["id"]
            (self.articles if kind == "article" else self.products)[row_id] = name
            self.created[kind] += 1
            self.board.post(self.number, kind, row_id)
        else:
            assert reply.status == HTTPStatus.FORBIDDEN, (kind, reply)
            assert self.holds(kind) == CAP, (kind, "refused before the sandbox was full")
            self.refused[kind] += 1

    def rename(self, product_id: int, name: str) -> None:
        body = json.dumps({"name": name}).encode()
        assert self.send("PUT", f"/demos/products/{product_id}/", body).status == HTTPStatus.OK
        self.products[product_id] = name

    def delete_newest(self) -> None:
        article, product = max(self.articles), max(self.products)
        deleted = HTTPStatus.NO_CONTENT
        assert self.send("DELETE", f"/demos/articles/{article}/delete/").status == deleted
        assert self.send("DELETE", f"/demos/products/{product}/").status == deleted
        del self.articles[article], self.products[product]

    def probe(self) -> None:
        """Other clients' newest rows, while they write: each must be out of reach."""
        for kind, row_id in self.board.others(self.number, 2, self.rng):
            if kind == "article":
                attempts = [
                    ("GET", f"/demos/articles/{row_id}/", b""),
                    ("GET", f"/demos/articles/{row_id}/versioned/", b""),
                    ("DELETE", f"/demos/articles/{row_id}/delete/", b""),
                ]
            else:
                attempts = [
                    ("GET", f"/demos/products/{row_id}/", b""),
                    ("PUT", f"/demos/products/{row_id}/", b'{"name": "stolen"}'),
                    ("DELETE", f"/demos/products/{row_id}/", b""),
                ]
            for method, path, body in attempts:
                status = self.send(method, path, body).status
                if status != HTTPStatus.NOT_FOUND:
                    self.found.append((method, path, status))
        # The list shows this client's products, all of them and nothing else.
        listed = self.send("GET", "/demos/products/").json()["products"]
        if {p["id"]: p["name"] for p in listed} != self.products:
            self.found.append(("GET", "/demos/products/", listed))
        own = self.send("GET", "/demos/sandbox.json").json()
        if own["article"] != self.seeded_article or own["product"] not in self.products:
            self.found.append(("GET", "/demos/sandbox.json", own))

    def run(self, start: threading.Barrier) -> None:
        try:
            self.steps(start)
        finally:
            self.visitor.close()

    def steps(self, start: threading.Barrier) -> None:
        self.seeded_article = self.visitor.start()["article"]
        listed = self.send("GET", "/demos/products/").json()["products"]
        self.products = {p["id"]: p["name"] for p in listed}
        assert set(self.products.values()) == SEEDED_PRODUCTS
        start.wait(timeout=60)  # everyone writes at once from here
        for n in range(CAP - SEEDED + 2):  # to the cap, then twice past it
            self.create("article", n)
            self.create("product", n)
            self.rename(min(self.products), f"client {self.number} renamed {n}")
            self.probe()
        self.delete_newest()  # room for one more of each, then the cap again
        for n in ("again", "past"):
            self.create("article", n)
            self.create("product", n)
            self.probe()


def test_fifty_clients_stay_isolated_under_the_cap_and_lose_no_writes(live_server, settings):
    settings.DEMO_SANDBOX_CAP = CAP
    board = Board()
    clients = [Client(live_server.url, number, board) for number in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for outcome in [pool.submit(client.run, start) for client in clients]:
            outcome.result()

    assert [client.found for client in clients] == [[]] * CLIENTS  # nothing of anyone else's
    assert len(board.rows) == sum(sum(client.created.values()) for client in clients)
    sandboxes = set()
    for client in clients:
        # Pushed past the cap, each client was refused exactly the creates beyond it.
        assert client.created == {"article": CAP - SEEDED + 1, "product": CAP - SEEDED + 1}
        assert client.refused == {"article": 3, "product": 3}
        # No lost writes: the database holds what the client was told, in one sandbox.
        articles = Article.all_sandboxes.filter(pk__in=client.articles)
        assert dict(articles.values_list("pk", "title")) == client.articles
        products = Product.all_sandboxes.filter(pk__in=client.products)
        assert dict(products.values_list("pk", "name")) == client.products
        (sandbox,) = {row.sandbox_id for row in [*articles, *products]}
        assert Article.all_sandboxes.get(pk=client.seeded_article).sandbox_id == sandbox
        assert Article.all_sandboxes.filter(sandbox=sandbox).count() == CAP
        assert Product.all_sandboxes.filter(sandbox=sandbox).count() == CAP
        sandboxes.add(sandbox)
    assert len(sandboxes) == CLIENTS
    assert Article.all_sandboxes.count() == Product.all_sandboxes.count() == CAP * CLIENTS
