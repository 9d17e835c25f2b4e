"""The top bar offers each user the pages their work needs, and only pages they can open (issue 17, part 5).

Officers and partners get the partnerships, their own partnership, recording an exchange or learning
for their side and the reports; researchers also the QDA tools; coders the sources they code. What
a menu leaves out still opens for whoever Access lets in: the menu is no rule of its own.
"""

from __future__ import annotations

import re

from tests.accounts.conftest import World, client_for

#: The QDA tools of the issue: sources to code, codebook, passages, matrix, agreement, REFI-QDA.
QDA_TOOLS = ("/sources/", "/codes/", "/passages/", "/matrix/", "/agreement/", "/refi-qda/")
SIGNED_IN = ("admin", "researcher", "coder", "editor", "contributor", "viewer", "outsider")


def menu(world: World, role: str) -> list[str]:
    """The addresses the top bar links to, for ``role``, on the home page."""
    html = client_for(world, role).get("/").content.decode()
    header = html[html.index('<header class="site">') : html.index("</header>")]
    return re.findall(r'<a [^>]*href="([^"]+)"', header)


def test_an_officers_menu_has_their_partnership_recording_and_reports_and_no_qda_tools(world):
    key = world.p1.key
    links = menu(world, "editor")
    for wanted in (
        "/partnerships/",
        f"/partnerships/{key}/",
        f"/partnerships/{key}/exchanges/new/",
        f"/partnerships/{key}/learning/new/",
        f"/partnerships/{key}/report/",
        "/reports/programme/",
    ):
        assert wanted in links, wanted
    assert not set(QDA_TOOLS) & set(links)


def test_a_partner_who_only_reads_is_offered_no_recording(world):
    links = menu(world, "viewer")
    assert f"/partnerships/{world.p1.key}/" in links and f"/partnerships/{world.p1.key}/report/" in links
    assert not [link for link in links if link.endswith("/new/")]
    assert not set(QDA_TOOLS) & set(links)


def test_a_researchers_menu_adds_the_qda_tools(world):
    links = menu(world, "researcher")
    assert set(QDA_TOOLS) <= set(links)
    assert "/respondents/" in links
    assert f"/partnerships/{world.p1.key}/report/" in links


def test_a_coder_is_offered_the_sources_to_code_but_not_what_only_researchers_open(world):
    links = menu(world, "coder")
    assert "/sources/" in links and "/codes/" in links
    assert "/refi-qda/" not in links and "/respondents/" not in links


def test_only_the_administrator_is_offered_what_the_administrator_manages(world):
    assert {"/municipalities/", "/organisations/"} <= set(menu(world, "admin"))
    for role in ("researcher", "editor"):
        assert "/organisations/" not in menu(world, role)
        listed = client_for(world, role).get("/partnerships/").content.decode()
        assert 'href="/partnerships/new/"' not in listed
    assert 'href="/partnerships/new/"' in client_for(world, "admin").get("/partnerships/").content.decode()


def test_every_link_of_every_menu_opens_for_the_user_it_is_offered_to(world):
    """Opens each of the seven users' menu links (about 80 pages), so that no menu leads to a refusal."""
    for role in ("anonymous", *SIGNED_IN):
        client = client_for(world, role)
        for link in menu(world, role):
            assert client.get(link).status_code == 200, (role, link)


def test_a_page_the_menu_leaves_out_still_opens_for_whom_access_lets_in(world):
    """A partner may read their partnership's evidence: the menu leaves the tools out, the pages stay open."""
    viewer = client_for(world, "viewer")
    for page in ("/sources/", "/codes/", "/passages/", "/municipalities/", "/programmes/"):
        assert page not in menu(world, "viewer")
        assert viewer.get(page).status_code == 200, page
