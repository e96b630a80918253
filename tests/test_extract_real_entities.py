"""Entity forms of real pages, each on a small made-up text (fictional names and sentences only): award
category lines, bracketed works, lists of acts, kind cues, headline verbs, listing lines, award names,
middle names."""

from __future__ import annotations

from pathlib import Path

from kg.extract.resolve import middle_names
from tests.drafting import draft as _draft, types as _types, facts as _facts


def test_a_middle_name_is_the_same_person(tmp_path: Path) -> None:
    assert middle_names({"Mara Quill Hendry", "Mara Hendry", "Tom J. Arlo", "Tom Arlo", "Ana Ruiz"}) == {
        "mara quill hendry": "mara hendry", "tom j arlo": "tom arlo"}
    assert middle_names({"Mara Quill Hendry", "Ana Hendry"}) == {}  # another first name: another person
    annotation = _draft(tmp_path, "middle.txt",
                        "The new film Glass Harbour was directed by Mara Quill Hendry.\n"
                        "In an interview, Mara Hendry said the shoot was hard. Hendry laughed.\n")
    people = [e for e in annotation.entities if e.type == "Person"]
    assert [e.name for e in people] == ["Mara Quill Hendry"] and "Mara Hendry" in people[0].aliases


def test_award_category_lines_give_the_category_and_the_winner(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "categories.txt",
                        "Kettle Lake Screen Prizes\n"
                        "The winners of the Kettle Lake Screen Prizes were named on Friday:\n"
                        "OUTSTANDING DRAMA SERIES: \"The Salt Orchard\"\n"
                        "BEST LEAD ACTRESS, DRAMA: Orla Fenwick, \"The Salt Orchard\"\n"
                        "BEST SUPPORTING ACTOR, LIMITED SERIES OR MOVIE: Tobias Marrow, \"Harbour of Glass\"\n")
    types = _types(annotation)
    assert types.get("Best Lead Actress, Drama") == "AwardCategory"
    assert types.get("Best Supporting Actor, Limited Series or Movie") == "AwardCategory"
    assert types.get("Outstanding Drama Series") == "AwardCategory"
    assert types.get("Orla Fenwick") == types.get("Tobias Marrow") == "Person"
    facts = _facts(annotation)
    assert ("The Salt Orchard", "won", "Outstanding Drama Series") in facts
    assert ("Orla Fenwick", "won", "Best Lead Actress, Drama") in facts
    assert ("Tobias Marrow", "won", "Best Supporting Actor, Limited Series or Movie") in facts


def test_a_listing_line_gives_the_work_and_its_labelled_credits(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "listing.txt",
                        "The jury of the Harrowgate documentary strand gave two prizes this year.\n\n"
                        "WINNER: Salt Lines, Director: Ines Okoro, Producer: Tomas Kelleher\n\n"
                        "SPECIAL MENTION: The Weight of Rivers, Director/Producer: Mina Ostrova\n")
    types = _types(annotation)
    assert types.get("Salt Lines") == types.get("The Weight of Rivers") == "Film"
    assert "WINNER" not in types
    facts = _facts(annotation)
    assert {("Salt Lines", "director", "Ines Okoro"), ("Salt Lines", "producer", "Tomas Kelleher"),
            ("The Weight of Rivers", "director", "Mina Ostrova"),
            ("The Weight of Rivers", "producer", "Mina Ostrova")} <= facts
    assert not [f for f in facts if f[1] == "occupation"]  # "Ines Okoro, Producer: ..." is no apposition


def test_an_award_name_keeps_its_last_lower_case_noun(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "prizes.txt",
                        "The strand's prizes were the Tidewater Award for Best New Coastal feature and the Ferry "
                        "Prize for Best Observational piece.\n"
                        "WINNER: A Copper Life, Director: Ines Okoro\n"
                        "The jury were unanimous in awarding A Copper Life the Ferry Prize for Best Observational film.\n"
                        "Salt Lines earned a Harbour Guild Award for documentary screenplay.\n")
    awards = {e.name: e.aliases for e in annotation.entities if e.type == "AwardCategory"}
    assert "Tidewater Award for Best New Coastal feature" in awards
    assert "Harbour Guild Award for documentary screenplay" in awards
    ferry = [n for n in awards if n.startswith("Ferry Prize")]
    assert ferry == ["Ferry Prize for Best Observational piece"]  # "... film" is the same category
    assert "Ferry Prize for Best Observational film" in awards[ferry[0]]
    assert "Copper Life" not in awards and _types(annotation).get("A Copper Life") == "Film"


def test_a_list_of_acts_after_a_cue_gives_bands_and_artists(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "acts.txt",
                        "Kestrel Sound\n\n"
                        "Kestrel Sound was founded in 1994 by Ines Okoro. Over the years the label has worked with "
                        "Tomas Kelleher, The Lantern Kids, Saltmarsh, Mina Ostrova and many more.\n"
                        "Some of its artists are Copperline, Dana Pryor, The Gull Choir etc.\n"
                        "Okoro said she was glad to be working with Tomas and Dana again.\n")
    types = _types(annotation)
    assert types.get("Tomas Kelleher") == types.get("Mina Ostrova") == types.get("Dana Pryor") == "Person"
    assert {types.get(n) for n in ("The Lantern Kids", "Saltmarsh", "Copperline", "The Gull Choir")} == {"Organization"}
    assert "Tomas" not in types and "Dana" not in types  # first names of people named in full
    assert not any(n.startswith("many") or n == "etc" for n in types)


def test_a_bracketed_work_after_a_person_is_the_work(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "brackets.txt",
                        "Harbour Lane Studios has ordered a new comedy series.\n"
                        "The series is created by Tomas Kelleher (Salt Lines) and Mina Ostrova (Glass & Tide). "
                        "Veldt Collective (Copper Saints, Tidewater, Iron Sky II) will direct it.\n")
    types = _types(annotation)
    assert types.get("Tomas Kelleher") == types.get("Mina Ostrova") == "Person"
    for title in ("Salt Lines", "Glass & Tide", "Copper Saints", "Tidewater", "Iron Sky II"):
        assert types.get(title) not in (None, "Person", "Organization"), title
    assert "Copper Saints, Tidewater, Iron Sky II" not in types


def test_a_character_with_the_actor_in_brackets_is_still_a_cast_list(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "cast.txt",
                        "In Glass Harbour, the lonely keeper Wyatt Cole (Tomas Kelleher) meets a stranger, "
                        "June Marlow (Mina Ostrova).\n")
    names = {e.name for e in annotation.entities}
    assert {"Tomas Kelleher", "Mina Ostrova"} <= names and not {"Wyatt Cole", "June Marlow"} & names


def test_a_headline_verb_or_kind_noun_ends_the_name_before_it(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "orders.txt",
                        "Kestrel Network Orders Mina Ostrova Sitcom; Harbour TV Renews Salt Lines\n\n"
                        "Kestrel Network has ordered a new comedy from Mina Ostrova, who will star in it. "
                        "Harbour TV said Salt Lines will return for a second season.\n")
    names = {e.name for e in annotation.entities}
    assert "Mina Ostrova" in names
    assert not [n for n in names if n.endswith((" Orders", " Renews", " Sitcom"))]


def test_kind_cues_of_shows_and_stage_lists_type_titles_as_works(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "shows.txt",
                        "Kestrel Network had a busy year. It began in January with the premiere of Dana Pryor and "
                        "continued with the debuts of Copper Saints in March. They will soon be joined by Mina "
                        "Ostrova, a dark comedy starring Tomas Kelleher.\n"
                        "Kelleher also appeared on stage in Salt Road, Glass Tide and Harbour Lights, and in "
                        "television series like Law & Order and Ed.\n")
    types = _types(annotation)
    for title in ("Dana Pryor", "Copper Saints", "Mina Ostrova", "Salt Road", "Glass Tide", "Harbour Lights",
                  "Law & Order", "Ed"):
        assert types.get(title) not in (None, "Person", "Organization"), title
    assert types.get("Tomas Kelleher") == "Person"
    assert "Law" not in types and "Order" not in types


def test_company_cues_type_companies_named_like_people(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "companies.txt",
                        "Kestrel Network has ordered a drama from Mina Ostrova, who worked in series development "
                        "for Harbour Deluxe. Tomas Kelleher of Marrow Young will produce, and Lantern Content "
                        "will serve as the studio.\n")
    types = _types(annotation)
    assert types.get("Harbour Deluxe") == types.get("Marrow Young") == types.get("Lantern Content") == "Organization"
    assert types.get("Mina Ostrova") == types.get("Tomas Kelleher") == "Person"


def test_an_article_alone_is_no_title(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "the.txt",
                        "Tonight: SALT ROAD, inspired by Ana Ruiz’s classic comedy The plays, directed by Tomas "
                        "Kelleher, run all week.\n\nThe Golden Bell was a hit musical of 1954.\n")
    assert not [e for e in annotation.entities if e.name.lower() in ("the", "a", "an")]
    types = _types(annotation)
    assert "Golden Bell" not in types and types.get("The Golden Bell") not in (None, "AwardCategory", "Person")


def test_a_paragraph_opening_with_title_and_director_is_a_listing(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "nominees.txt",
                        "Our Nominees: Best Film\n\n"
                        "Copper Saints, Directed By Ines Okoro. A keeper finds a boat on the shore and follows it "
                        "north.\n")
    assert _types(annotation).get("Copper Saints") == "Film"
    assert ("Copper Saints", "director", "Ines Okoro") in _facts(annotation)


def test_organisations_of_the_trade_are_known_by_name(tmp_path: Path) -> None:
    # the small model takes "Netflix" in "your Netflix queue" for a place; the gazetteer of rules.yaml
    # (known_organisations) names it; a name inside a longer one ("Dana Netflix" is made up) is not the company
    draft = _draft(tmp_path, "queue.txt", "Salt Lines review\n\nSalt Lines, directed by Ana Ruiz, is the film to "
                   "add to your Netflix queue this week. It was bought by Lionsgate after its festival run, and "
                   "the score by Dana Netflix is out on Sub Pop.\n")
    types = _types(draft)
    assert types.get("Netflix") == "Organization" and types.get("Lionsgate") == "Organization"
    assert types.get("Sub Pop") == "Organization"
    assert "Dana Netflix" not in types or types["Dana Netflix"] == "Person"
