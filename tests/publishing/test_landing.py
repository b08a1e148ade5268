"""The front door, reports/index.html: it leads with the flagship briefing and says whose each edition is."""

from __future__ import annotations

import html
import re

from evbrief.publishing import landing


def test_the_landing_page_leads_with_the_briefing_and_its_findings(publication_dir):
    page = (publication_dir / "index.html").read_text(encoding="utf-8")
    briefing = (publication_dir / "briefing.html").read_text(encoding="utf-8")
    main = page.split("<main>", 1)[1].split("</main>", 1)[0]
    flagship = main.split("</section>", 1)[0]
    facts = landing.page_facts(briefing)
    assert facts["title"] in html.unescape(flagship) and "Edition" in flagship
    assert len(facts["key_messages"]) >= 3
    assert all(m in flagship for m in facts["key_messages"])  # as the briefing states them
    assert "<svg" in flagship and 'role="img"' in flagship  # the headline chart, static
    assert not re.search(r"\[\d+(?:[–,]\s*\d+)*\]", flagship)  # citation marks stay in the briefing
    # then the rest, in the order readers look for it, every part a labelled region of main
    order = [
        main.find(f'id="{key}"')
        for key in ("seats", "thematic", "profiles", "data", "changes", "editions")
    ]
    assert all(i > 0 for i in order) and order == sorted(order)
    assert main.count("<section") == main.count("aria-labelledby=")
    for title in (
        "Japan's briefing for the region",
        "日本語版",
        "Thailand's briefing",
        "Indonesia's briefing",
    ):
        assert title in html.unescape(main)
    # the member editions take no scenario: their scope line names the focus
    assert "focus =" not in page and "Focus: Thailand" in main
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # opens offline


def test_whose_briefing_it_is():
    assert landing.seat_title({"notebook": "briefing", "parameters": {"focus": "THA"}}) == (
        "Thailand's briefing",
        "en",
    )
    assert landing.seat_title({"notebook": "briefing_ja", "parameters": {}}) == ("日本語版", "ja")
    assert landing.seat_title({"notebook": "briefing", "parameters": {"focus": "ASEAN"}})[0] == (
        "Japan's briefing for the region"
    )


def test_key_messages_keep_their_lead_and_drop_their_citations():
    page = (
        '<h2 id="Key-messages">Key messages<a class="anchor-link" href="#Key-messages">¶</a></h2>'
        '</section><section class="prose"><p><strong>Adoption.</strong> Plug-ins were 18% [19].</p>'
        "<p><strong>Outlook.</strong> 60% by 2035 [2, 20–21].</p></section>"
        '<section class="prose"><h2 id="The-market">The market</h2><p>Not a message.</p>'
    )
    assert landing.key_messages(page) == [
        "<strong>Adoption.</strong> Plug-ins were 18%.",
        "<strong>Outlook.</strong> 60% by 2035.",
    ]
