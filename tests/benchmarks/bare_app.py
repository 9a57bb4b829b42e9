"""The ceiling of the page benchmark: a bare Flask app rendering one Jinja page of about 7 KB, no database.

Served by `tests/benchmarks/pages.py` under the same gunicorn settings as the portal (`gunicorn
tests.benchmarks.bare_app:app`): whatever the portal's pages do on top of this costs throughput.
"""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="/">{{ title }}</a><nav><ul>{% for link in links %}<li><a href="{{ link.href }}">{{ link.label }}</a></li>
{% endfor %}</ul></nav></header>
<main><h1>{{ title }}</h1>
{% for item in items %}<article class="card"><h2><a href="/items/{{ item.id }}">{{ item.title }}</a></h2>
<p>{{ item.text }}</p><p class="meta">{{ item.place }} · {{ item.when }}</p></article>
{% endfor %}</main>
<footer><p>Buurtportaal · een ceiling voor de meting</p></footer>
</body></html>
"""

LINKS = [
    {"href": f"/{name}", "label": name.title()} for name in ("help", "initiatives", "signals", "projects", "teams")
]
ITEMS = [
    {
        "id": n,
        "title": f"Activiteit {n} in de buurt",
        "text": "Samen de straat opknappen, koffie drinken en kennismaken met de buren die je nog niet kent.",
        "place": "Buurthuis De Wijert",
        "when": f"zaterdag {n} maart, 10:00",
    }
    for n in range(1, 28)
]

app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": PAGE})  # compiled once, cached like any template


@app.get("/")
def page():
    return render_template("page.html", title="Buurtportaal", links=LINKS, items=ITEMS)
