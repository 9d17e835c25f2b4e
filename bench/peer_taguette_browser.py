"""bench/workbench.py's workload on Taguette 1.5.2, its peer, in the same Chromium on the same corpus.

    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette==1.5.2
    . .venv/bin/activate
    python bench/peer_taguette_browser.py --corpus /tmp/corpus-large.json --taguette-dir /tmp/taguette-large \\
        --highlights 60 --json /tmp/taguette-browser.json

Taguette is set up by ``bench/peer_taguette.py``'s own ``setup`` (its functions, imported): when
``--taguette-dir`` holds no loaded database yet, the corpus is loaded into it first, once, and that
load is timed (documents and tags through Taguette's HTTP API, the highlights in bulk with
Taguette's models; see that file). Each run then works on a copy of the database, started as a real
Taguette server (Tornado, single-user mode, SQLite), and the copy is deleted at the end, so every run
starts from the same data. The browser is Debian's Chromium through Playwright, as in workbench.py,
logged in with the token link Taguette prints.

Taguette is one page per project: the document list and the tag list (with counts) are in it as
JSON and drawn by its script, and a document or a tag's highlights are fetched as JSON and drawn
into the page, either when the address names them or on a click in the lists. Measured, each
``--repeat`` times after one cold visit (times from the browser's clock, in the page):

* **document open**: the document nearest 5,000 words (the one workbench.py opens), navigation to
  ``DOMContentLoaded``, ``load``, the arrival of its JSON (text; highlights with their tags), and the
  frame after its text and every highlight are drawn; and, from a click on the document in the list
  of an open project page, to drawn;
* **highlight**: ``--highlights`` passages of two words, chosen as a user does: the words dragged over
  with the mouse, ``n`` (Taguette's key for a new highlight), ``trust`` typed in the dialog's tag
  search, Enter (ticks ``dimension/trust``), Enter (Save & Close). Timed from that last key press to
  the frame after the highlight is drawn in the text; Taguette draws it when its event long-poll
  brings the new highlight back, and the time the save request was answered is kept beside it;
* **project page** (document list and tag list with counts, both drawn before ``DOMContentLoaded``);
* **a tag's highlights**, first page (50) of ``dimension/trust``: navigation to the arrival of their
  JSON and to the frame after they are drawn, and from a click on the tag in the list to drawn;
* the server's **peak memory** (``VmHWM``) over the run.

The passages are the first pairs of words from the third word on, three words apart, that a user
can drag over in Taguette: in Latin script (the corpus mixes a few Arabic words into its English
text, and a drag that ends on a right-to-left word ends elsewhere than it seems) and not wholly inside
one highlight already drawn (the click that ends such a drag opens that highlight's dialog, and the
selection is lost). Each highlight made is checked in the copied database: its document, its tag,
and that its offsets cut out exactly the two words dragged over. The server's own time for each
request (Tornado's access log) is reported beside, and its log kept in ``--server-log``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer_taguette  # noqa: E402  (its setup and server launcher are reused as they are)
from _common import laptop_page, machine  # noqa: E402
from workbench import summary  # noqa: E402  (the same figures, so the two tables compare)

TAG = "dimension/trust"
TAG_SEARCH = "trust"

# Installed before any of Taguette's scripts on every page: a MutationObserver that notes when the
# document view (#document-contents) last changed, the frame after it, and each new highlight drawn
# after the timed key press, with the time the save request was answered (Resource Timing).
INIT_SCRIPT = """
(() => {
  const tg = window.__bench = {changed: null, pressedAt: null, clickedAt: null, drawn: []};
  performance.setResourceTimingBufferSize(100000);
  new MutationObserver((records) => {
    const view = document.getElementById('document-contents');
    if (!view) { return; }
    let touched = false, added = null;
    for (const record of records) {
      if (record.target === view || view.contains(record.target)) {
        touched = true;
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && node.classList.contains('highlight')) {
            added = node.getAttribute('data-highlight-id');
          }
        }
      }
    }
    if (touched) {
      requestAnimationFrame(() => { tg.changed = performance.now(); });
    }
    if (added !== null && tg.pressedAt !== null) {
      const started = tg.pressedAt;
      tg.pressedAt = null;
      requestAnimationFrame(() => {
        const saved = performance.getEntriesByType('resource')
          .filter((e) => e.name.includes('/highlight/new') && e.startTime >= started);
        tg.drawn.push({id: added, ms: performance.now() - started,
                       answered_ms: saved.length ? saved[0].responseEnd - started : null});
      });
    }
  }).observe(document, {childList: true, subtree: true});
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target && event.target.id === 'highlight-search'
        && event.target.value === '') {
      tg.pressedAt = performance.now();
    }
  }, true);
  window.addEventListener('click', () => { tg.clickedAt = performance.now(); }, true);
})();
"""

NAVIGATION = """() => { const n = performance.getEntriesByType("navigation")[0];
  return {ttfb: n.responseStart - n.startTime, dom: n.domContentLoadedEventEnd - n.startTime,
          load: n.loadEventEnd - n.startTime, drawn: window.__bench.changed}; }"""

# Where the mouse goes to drag over words [first, first + count) of the document view's text: the
# middle of the first word's first character's left edge and of the last word's last character's
# right edge, after scrolling the words into the middle of the window.
WORDS_AT = """([first, count]) => {
  const view = document.getElementById('document-contents');
  const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push([node, text.length]);
    text += node.data;
  }
  const at = (index) => {
    let found = nodes[0];
    for (const entry of nodes) {
      if (entry[1] <= index && index < entry[1] + entry[0].data.length) { found = entry; break; }
    }
    const range = document.createRange();
    range.setStart(found[0], index - found[1]);
    range.setEnd(found[0], index - found[1] + 1);
    return range;
  };
  // The first words from `first` on that a user can drag over in Taguette: in Latin script, one
  // space apart (a drag over a right-to-left word - the corpus mixes a few Arabic words into its
  // English documents - ends where its visual edge is not its logical end), and not all inside one
  // highlight already drawn: the click that ends such a drag opens that highlight's dialog instead.
  const all = [...text.matchAll(/\\S+/g)];
  const latin = /^[\\u0021-\\u024f]+$/;
  for (let index = first; index + count <= all.length; ++index) {
    const words = all.slice(index, index + count);
    const from = words[0].index, to = words[count - 1].index + words[count - 1][0].length;
    if (!words.every((w) => latin.test(w[0])) || text.slice(from, to).split(' ').length !== count) {
      continue;
    }
    const start = at(from), end = at(to - 1);
    const both = document.createRange();
    both.setStart(start.startContainer, start.startOffset);
    both.setEnd(end.endContainer, end.endOffset);
    let common = both.commonAncestorContainer;
    if (common.nodeType !== 1) { common = common.parentElement; }
    if (common.closest('a.highlight')) { continue; }
    const top = start.getBoundingClientRect().top;
    if (top < 120 || top > window.innerHeight - 200) {
      window.scrollBy(0, top - window.innerHeight / 3);
    }
    const a = start.getBoundingClientRect(), b = end.getBoundingClientRect();
    return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2,
            first: index, words: text.slice(from, to)};
  }
  return null;
}"""

# When the last JSON the page asked for (the event long-poll aside) had arrived, in page time.
JSON_ANSWERED = """() => Math.max(0, ...performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/api/') && !e.name.includes('/events')).map((e) => e.responseEnd))"""

QUIET = """() => !document.body.classList.contains('modal-open')
  && document.querySelectorAll('.modal.show').length === 0"""


def nearest_document(corpus: dict[str, Any]) -> tuple[int, int]:
    """The corpus document nearest 5,000 words, the first of equals (workbench.py's choice: its sources
    are ordered by title, "Interview 0001" onwards, in the corpus's order)."""
    best, words = 0, -1
    for index, doc in enumerate(corpus["documents"]):
        count = len(doc["text"].split())
        if words < 0 or abs(count - 5000) < abs(words - 5000):
            best, words = index, count
    return best, words


def wait_drawn(page: Any, condition: str, timeout: float = 120) -> float:
    """Waits for ``condition`` and for the document view to stay unchanged for two frames; returns the
    page time (ms since the navigation started) of the frame after its last change."""
    page.wait_for_function(condition, timeout=timeout * 1000)
    while True:
        changed = page.evaluate("() => window.__bench.changed")
        page.wait_for_timeout(60)
        if page.evaluate("() => window.__bench.changed") == changed and changed is not None:
            return float(changed)


def visit(page: Any, url: str, repeat: int, condition: str | None) -> dict[str, Any]:
    """Navigation timings (and to drawn, when ``condition`` says when the page is drawn), once cold."""
    timings = []
    for number in range(repeat + 1):
        page.goto(url, wait_until="load")
        timing = page.evaluate(NAVIGATION)
        if condition:
            timing["drawn"] = wait_drawn(page, condition)
            timing["json_answered"] = page.evaluate(JSON_ANSWERED)
        if number:
            timings.append(timing)
    keys = ("ttfb", "dom", "load") + (("json_answered", "drawn") if condition else ())
    return {key: summary([t[key] for t in timings]) for key in keys}


def click_to_drawn(
    page: Any, project_url: str, repeat: int, before: str | None, target: str, condition: str
) -> dict[str, Any]:
    """From a click on ``target`` on the open project page to the frame after the view is drawn."""
    timings = []
    for number in range(repeat + 1):
        page.goto(project_url, wait_until="load")
        if before:
            page.click(before)
            page.wait_for_timeout(300)  # the tab's fade
        page.click(target)
        drawn = wait_drawn(page, condition)
        if number:
            timings.append(drawn - page.evaluate("() => window.__bench.clickedAt"))
    return summary(timings)


def highlight_passages(page: Any, count: int, tag_id: int) -> tuple[list[dict[str, Any]], list[str]]:
    """``count`` two-word passages highlighted through Taguette's page, as a user does."""
    chosen = []
    word = 3
    for index in range(count):
        page.wait_for_function(QUIET)
        spot = page.evaluate(WORDS_AT, [word, 2])
        if spot is None:
            raise peer_taguette.BenchError(f"passage {index}: no more words to drag over")
        word = spot["first"] + 2 + 3
        page.mouse.move(spot["x1"], spot["y1"])
        page.mouse.down()
        page.mouse.move(spot["x2"], spot["y2"], steps=4)
        page.mouse.up()
        selected = page.evaluate("() => window.getSelection().toString()")
        if selected != spot["words"] or not page.evaluate(QUIET):
            raise peer_taguette.BenchError(
                f"passage {index}: dragged over {selected!r}, not {spot['words']!r}"
            )
        chosen.append(selected)
        page.keyboard.press("n")
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.id === 'highlight-search'"
        )
        page.keyboard.type(TAG_SEARCH)
        page.keyboard.press("Enter")  # ticks the first tag found
        if not page.evaluate(f"() => document.getElementById('highlight-add-tags-{tag_id}').checked"):
            raise peer_taguette.BenchError(
                f"passage {index}: typing {TAG_SEARCH!r} and Enter did not tick {TAG}"
            )
        page.keyboard.press("Enter")  # Save & Close: the timed key press
        page.wait_for_function(f"() => window.__bench.drawn.length >= {index + 1}", timeout=60_000)
    return list(page.evaluate("() => window.__bench.drawn")), chosen


def check_highlights(
    database: Path, first_new: int, doc_id: int, tag_id: int, text: str, chosen: list[str]
) -> dict[str, Any]:
    """The highlights made, read back from the copied database: document, tag, and the words cut out by
    their offsets (UTF-8 bytes of the text content, as Taguette counts)."""
    data = text.encode("utf-8")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute(
            "select id, document_id, start_offset, end_offset from highlights where id >= ? order by id",
            (first_new,),
        ).fetchall()
        tags = dict(
            db.execute(
                "select highlight_id, group_concat(tag_id) from highlight_tags where highlight_id >= ? "
                "group by highlight_id",
                (first_new,),
            ).fetchall()
        )
    words = [data[start:end].decode("utf-8") for _id, _doc, start, end in rows]
    return {
        "highlights_created": len(rows),
        "all_on_the_document": all(doc == doc_id for _id, doc, _s, _e in rows),
        "all_tagged_only_with_the_tag": all(str(tags.get(ident)) == str(tag_id) for ident, *_ in rows),
        "words_as_dragged": words == chosen,
    }


# Taguette's access log: "200 GET /api/project/1/document/480 (127.0.0.1) 3994.40ms (admin) …".
ACCESS = re.compile(r"INFO: (\d{3}) (GET|POST) (\S+) \(127\.0\.0\.1\) ([\d.]+)ms")


def server_times(log: Path, project: int, doc_id: int, tag_id: int) -> dict[str, Any]:
    """The server's own time (Tornado's access log) for each request the page makes, so the figures
    show where the time goes: in the server or in the page."""
    kinds = {
        f"/project/{project}": "project page (HTML)",
        f"/project/{project}/document/{doc_id}": "project page with the document's address (HTML)",
        f"/api/project/{project}/document/{doc_id}": "document info with its highlights (JSON)",
        f"/api/project/{project}/document/{doc_id}/contents": "document text (JSON)",
        f"/api/project/{project}/highlights/{TAG.replace('/', '%2F')}?page=1": "a tag's highlights, first page (JSON)",
        f"/project/{project}/highlights/{TAG.replace('/', '%2F')}": "project page with the tag's address (HTML)",
        f"/api/project/{project}/document/{doc_id}/highlight/new": "new highlight (POST)",
    }
    found: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        match = ACCESS.search(line)
        if match:
            path = match.group(3).split("?_xsrf=")[0]
            if path in kinds:
                found.setdefault(kinds[path], []).append(float(match.group(4)))
    return {kind: summary(values) for kind, values in found.items()}


def in_browser(
    args: argparse.Namespace, port: int, token: str, state: dict[str, Any], doc_id: int, on_document: int
) -> tuple[dict[str, Any], list[str]]:
    """Every figure taken in Chromium, on the running server."""
    figures: dict[str, Any] = {}
    project, tag_id = state["project"], state["tag_ids"][TAG]
    base = f"http://127.0.0.1:{port}"
    project_url = f"{base}/project/{project}"
    document_drawn = (
        f"() => window.current_document === {doc_id} && window.highlights"
        f" && Object.keys(window.highlights).length === {on_document}"
    )
    tag_drawn = (
        f"() => window.current_tag === {json.dumps(TAG)}"
        " && document.querySelectorAll('#document-contents .highlight-entry').length > 0"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = laptop_page(playwright)
        page.add_init_script(INIT_SCRIPT)
        page.goto(f"{base}/?token={token}")
        page.wait_for_url(f"{base}/")
        document_url = f"{project_url}/document/{doc_id}"
        figures["document_open"] = visit(page, document_url, args.repeat, document_drawn)
        figures["document_open_click"] = click_to_drawn(
            page,
            project_url,
            args.repeat,
            None,
            f"#document-link-{doc_id} a.document-link-a",
            document_drawn,
        )
        figures["project_page"] = visit(page, project_url, args.repeat, None)
        lists = page.evaluate(
            "() => [document.querySelectorAll('#documents-list li.document-link').length,"
            " document.querySelectorAll('#tags-list li').length]"
        )
        figures["project_page"]["documents_listed"], figures["project_page"]["tags_listed"] = lists
        figures["tag_highlights_first_page"] = visit(
            page, f"{project_url}/highlights/{TAG.replace('/', '%2F')}", args.repeat, tag_drawn
        )
        figures["tag_highlights_click"] = click_to_drawn(
            page, project_url, args.repeat, "#tags-tab", f"#tag-link-{tag_id}", tag_drawn
        )
        page.goto(document_url, wait_until="load")
        wait_drawn(page, document_drawn)
        drawn, chosen = highlight_passages(page, args.highlights, tag_id)
        figures["highlight_drawn"] = summary([d["ms"] for d in drawn])
        figures["highlight_answered"] = summary(
            [d["answered_ms"] for d in drawn if d["answered_ms"] is not None]
        )
        browser.close()
    return figures, chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="the qda-bench corpus file (as for workbench.py)")
    parser.add_argument(
        "--taguette-dir", required=True, help="Taguette's loaded data folder (loaded first if empty)"
    )
    parser.add_argument("--taguette-python", default=peer_taguette.DEFAULT_TAGUETTE_PYTHON)
    parser.add_argument("--highlights", type=int, default=60, help="passages to highlight (default 60)")
    parser.add_argument("--repeat", type=int, default=10, help="warm visits of each page (default 10)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument(
        "--server-log", default="/tmp/taguette-browser-server.log", help="Taguette's log is kept here"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.highlights < 1:
        parser.error("--repeat and --highlights must be at least 1")

    folder = Path(args.taguette_dir).resolve()
    loaded_now = not (folder / "state.json").exists()
    if loaded_now:
        print(f"loading the corpus into Taguette in {folder} (once) …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        peer_taguette.main(
            [
                "setup",
                "--corpus",
                args.corpus,
                "--taguette-dir",
                str(folder),
                "--taguette-python",
                args.taguette_python,
            ]
        )
        print(f"loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    corpus, sha = peer_taguette.read_corpus(args.corpus)
    if state["corpus"]["sha256"] != sha:
        raise peer_taguette.BenchError(
            f"{folder} was loaded from another corpus; choose another --taguette-dir"
        )
    index, words = nearest_document(corpus)
    project, doc_id, tag_id = state["project"], state["doc_ids"][index], state["tag_ids"][TAG]
    on_document = sum(1 for h in corpus["highlights"] if h[0] == index)
    text = corpus["documents"][index]["text"]

    work = Path(tempfile.mkdtemp(prefix="taguette-browser-", dir="/tmp"))
    database = work / "taguette.sqlite3"
    shutil.copyfile(folder / "taguette.sqlite3", database)
    with sqlite3.connect(database) as db:
        first_new = (db.execute("select max(id) from highlights").fetchone()[0] or 0) + 1
    port = peer_taguette.free_port()
    load_before = os.getloadavg()
    figures: dict[str, Any] = {
        "tool": "Taguette 1.5.2",
        "corpus": {
            "path": args.corpus,
            "sha256": sha,
            "documents": len(corpus["documents"]),
            "highlights": state["highlights"],
            "document": corpus["documents"][index]["name"],
            "document_index": index,
            "words": words,
            "highlights_on_document": on_document,
        },
        "load_into_taguette": {"timings": state["timings"], "loaded_in_this_run": loaded_now},
        "machine": machine(),
    }
    try:
        server, token = peer_taguette.start_taguette(
            args.taguette_python, database, port, work / "server.log"
        )
        figures["server_ready_s"] = server.ready_seconds
        try:
            taken, chosen = in_browser(args, port, token, state, doc_id, on_document)
            figures.update(taken)
            figures["server_memory_mib"] = peer_taguette.proc_memory_mib(server.pid)
        finally:
            server.stop()
        figures["check"] = check_highlights(database, first_new, doc_id, tag_id, text, chosen)
        figures["server_side_ms"] = server_times(work / "server.log", project, doc_id, tag_id)
        shutil.copyfile(work / "server.log", args.server_log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["load_average"] = {"before": load_before, "after": os.getloadavg()}

    rows = [
        ("document open (DOMContentLoaded)", figures["document_open"]["dom"]),
        ("document open (load)", figures["document_open"]["load"]),
        ("document open (its JSON answered)", figures["document_open"]["json_answered"]),
        ("document open (text+highlights drawn)", figures["document_open"]["drawn"]),
        ("document open, click in list to drawn", figures["document_open_click"]),
        ("highlight, Save key to drawn", figures["highlight_drawn"]),
        ("highlight, Save key to POST answered", figures["highlight_answered"]),
        ("project page: documents + tags lists", figures["project_page"]["dom"]),
        ("a tag's highlights (its JSON answered)", figures["tag_highlights_first_page"]["json_answered"]),
        ("a tag's highlights, first page, drawn", figures["tag_highlights_first_page"]["drawn"]),
        ("a tag's highlights, click to drawn", figures["tag_highlights_click"]),
    ]
    c = figures["corpus"]
    print(
        f"Taguette 1.5.2; corpus: {c['documents']} documents, {c['highlights']:,} highlights; document "
        f"{c['document']} ({c['words']:,} words, {c['highlights_on_document']} highlights)"
    )
    for name, values in rows:
        print(f"{name:40} p50 {values['p50']:7.1f} ms   p95 {values['p95']:7.1f} ms   (n={values['n']})")
    print("server's own time (Tornado's access log):")
    for kind, values in figures["server_side_ms"].items():
        print(f"  {kind:50} p50 {values['p50']:7.1f} ms   (n={values['n']})")
    memory = figures["server_memory_mib"]
    print(
        f"server peak memory: {memory.get('VmHWM', 0):.0f} MiB; check {json.dumps(figures['check'])}; "
        f"load average {load_before} → {figures['load_average']['after']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    checks = figures["check"]
    ok = checks["highlights_created"] == args.highlights and all(
        v for v in checks.values() if isinstance(v, bool)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
