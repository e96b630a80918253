"""Relation mechanisms for real pages, each on a small made-up text (fictional names and sentences only):
what keeps a fact from landing on the wrong subject, and the forms of awards pages, label profiles,
obituary lists, music videos and art pieces that state facts."""

from __future__ import annotations

from pathlib import Path

from tests.drafting import draft as _draft, facts as _facts


def test_a_capitalised_title_before_director_is_a_job_not_a_film_credit(tmp_path: Path) -> None:
    # "Artistic Director X": the rule's not_before ({CAP}...) is expanded like its pattern, so it holds
    draft = _draft(tmp_path, "gala.txt", "Lantern Gala lineup announced\n\nThe Lantern Gala will close with the "
                   "film Harbour of Reeds, directed by Ana Ruiz. The programme is our best yet, said Artistic "
                   "Director Tomas Kelleher.\n")
    facts = _facts(draft)
    assert ("Harbour of Reeds", "director", "Ana Ruiz") in facts
    assert ("Harbour of Reeds", "director", "Tomas Kelleher") not in facts


def test_no_fact_about_a_name_that_is_only_an_article(tmp_path: Path) -> None:
    # "comedy The plays": a title cut to "The" names nothing, so none of the roles of the plays land on it
    draft = _draft(tmp_path, "plays.txt", "An evening of new plays\n\nEnjoy six premieres in one night. This "
                   "year's theme? NIGHT GARDENS, inspired by Ada Quill's classic comedy The plays, directed by Mira "
                   "Solberg and Tomas Kelleher, will be performed by Ana Ruiz and Joel Varga. The evening is "
                   "produced by Lena Marsh.\n")
    names = {e.id: e.name for e in draft.entities}
    assert all(names.get(f.subject) != "The" and names.get(f.object or "") != "The" for f in draft.facts)


def test_a_persons_credits_in_brackets_are_not_the_work_at_hand(tmp_path: Path) -> None:
    # 'Chris Vale ("Harbour of Reeds", "Salt Lines")': his earlier credits; the producer of the next
    # sentence is not credited on the last of them
    draft = _draft(tmp_path, "order.txt", 'The streamer has given a series order to "Copper Saints", a thriller '
                   'created by Dara Oyelaran.\n\nChris Vale ("Harbour of Reeds", "Salt Lines") will executive produce '
                   "alongside Oyelaran. Mira Solberg and Joel Varga will executive produce through Lantern House, "
                   "while producer Tomas Kelleher will also serve as executive producer.\n")
    facts = _facts(draft)
    assert not any(s in ("Salt Lines", "Harbour of Reeds") and r == "producer" for s, r, _ in facts)


def test_a_headline_that_names_no_work_gives_no_topic_from_credits_in_brackets(tmp_path: Path) -> None:
    # the headline names no work and the only titles are people's earlier credits: there is no work at hand,
    # so "the untitled series" and "will serve as executive producer" credit nothing
    draft = _draft(tmp_path, "topic.txt", "Lantern House Orders Comedy From Mira Solberg\n\nLantern House has ordered "
                   'a new comedy from Mira Solberg ("Salt Lines"). The untitled series is being created and '
                   'executive-produced by Joel Varga ("Harbour of Reeds") and Dara Oyelaran ("Salt Lines"). Solberg '
                   "will also serve as executive producer.\n")
    facts = _facts(draft)
    assert not any(s in ("Salt Lines", "Harbour of Reeds") and r == "producer" for s, r, _ in facts)


def test_a_year_in_brackets_after_an_artwork_is_when_it_was_made(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "gallery.txt", "New sculpture at the Lantern Museum\n\nThe gallery shows the sculpture "
                   '"Three Reeds Bent" (2008) by Ana Ruiz and the painting "Harbour at Dusk" (1932) by Joel Varga.\n')
    facts = _facts(draft)
    assert ("Three Reeds Bent", "dateCreated", "2008") in facts
    assert not any(r == "datePublished" for _, r, _ in facts)


def test_a_title_before_a_person_noun_is_not_the_verbs_object(tmp_path: Path) -> None:
    # "directed the "Harbour of Reeds" actor": the title says which actor; nobody directed that film here
    draft = _draft(tmp_path, "reunion.txt", 'Lantern Studios orders "Copper Saints"\n\nLantern Studios has ordered '
                   '"Copper Saints", a thriller starring Ana Ruiz. It is a reunion for Ruiz and Joel Varga, who '
                   'directed the "Harbour of Reeds" actor in the 2013 film "Salt Lines".\n')
    facts = _facts(draft)
    assert not any(s == "Harbour of Reeds" and r == "director" for s, r, _ in facts)


def test_a_songs_director_is_the_director_of_its_music_video(tmp_path: Path) -> None:
    # the article names no video of the song: the draft makes one, named like the song
    draft = _draft(tmp_path, "clip.txt", 'Singer Ana Ruiz has shared "Salt Lines", the first single from her new '
                   'album "Harbour Hours". The song\'s clip, directed by Joel Varga and Mira Solberg, is plain: no '
                   "sets, few effects.\n")
    types = {e.id: e.type for e in draft.entities}
    directed = [f for f in draft.facts if f.relation == "director"]
    assert directed and all(types[f.subject] == "MusicVideo" for f in directed)
    assert ("Salt Lines", "director", "Joel Varga") in _facts(draft)


def test_a_credit_label_after_a_name_is_not_the_names_job(tmp_path: Path) -> None:
    # "WINNER: Title, Director: A, Producer: B": "Producer" labels B's credit, it is not A's occupation
    draft = _draft(tmp_path, "winners.txt", "Lantern Docs announces its winners\n\nJURY: Ines Marwick, Samuel "
                   "Ferreira\n\nWINNER: Harbour of Reeds, Director: Mira Solberg, Producer: Joel Varga\n\nThe jury "
                   "praised the film.\n")
    assert ("Mira Solberg", "occupation", "producer") not in _facts(draft)


def test_a_label_profile_names_its_founders_and_the_labels_people(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "labels.txt", "Five independent labels that shaped a sound\n\nIndependent labels have "
                   "come a long way. Here are five of them.\n\nHarrow Lane Records\n\nBased in Leeds, Harrow Lane "
                   "Records was started in 1991 by Tomas Kelleher and Joel Varga. The two ran it from a flat.\n\n"
                   "Copperline Music\n\nCopperline Music was formed by Priya Lindqvist in 1979. Legendary talent scout "
                   "Dara Oyelaran signed its first band, and Ines Marwick, the mogul who ran it later, sold it.\n")
    facts = _facts(draft)
    assert {("Harrow Lane Records", "founder", "Tomas Kelleher"), ("Harrow Lane Records", "founder", "Joel Varga"),
            ("Copperline Music", "founder", "Priya Lindqvist"), ("Dara Oyelaran", "occupation", "talent scout"),
            ("Ines Marwick", "occupation", "mogul")} <= facts


def test_an_obituary_names_the_works_a_composer_scored(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "obit.txt", "Composer Tomas Kelleher dies at 80\n\nVeteran composer Tomas Kelleher, who "
                   "created memorable scores for popular films like 'Harbour of Reeds' and 'Salt Lines', died on "
                   "Monday.\n\nKelleher, 80, later wrote lively scores for two series, 'The Lantern Hours' and "
                   "'Copper Saints'. He won two awards.\n")
    facts = _facts(draft)
    assert {(w, "composer", "Tomas Kelleher") for w in ("Harbour of Reeds", "Salt Lines", "The Lantern Hours",
                                                         "Copper Saints")} <= facts


def test_credits_under_a_title_heading_not_found_as_a_name_state_nothing(tmp_path: Path) -> None:
    # a press release's list of entries: the heading "Night Of The Long Tide" was not found as a title, so
    # its credit lines are about an unnamed work, not the film the headline names
    draft = _draft(tmp_path, "slate.txt", 'Lantern Streams sets "Harbour Hours" and five more documentaries\n\n'
                   'Lantern Streams will premiere "Harbour Hours" in May, with five more documentaries after it.\n\n'
                   "A full list of the documentaries can be found below.\n\nNight Of The Long Tide\n\nPremiere Date: "
                   "May 4\n\nDescription: When the storm came, nobody on the island was ready for what the water "
                   "would leave behind.\n\nDirector: Ana Ruiz\n\nProducers: Joel Varga, Mira Solberg\n")
    assert not any(f.relation in ("director", "producer") for f in draft.facts)


def test_a_video_the_sentence_does_not_name_is_the_video_of_the_song_it_names(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "video.txt", "WATCH: Lantern Gate return\n\nLantern Gate continue their comeback with "
                   "the new single 'Copper Saints', the second taste of their next album.\n\nAccompanying the song is "
                   "a video directed by Mira Solberg and Joel Varga. It is all stop-motion.\n")
    types = {e.id: e.type for e in draft.entities}
    directed = [f for f in draft.facts if f.relation == "director"]
    assert directed and all(types[f.subject] == "MusicVideo" for f in directed)
    assert ("Copper Saints", "director", "Mira Solberg") in _facts(draft)


def test_a_round_up_of_series_gives_each_section_its_own_cast_and_crew(tmp_path: Path) -> None:
    # a streamer's round-up: each series under a heading of its own, "The series stars A and B and is directed
    # by C", "X also stars ..."; "The series" is a description pointing back, not a collection named "The series"
    draft = _draft(tmp_path, "roundup.txt", "Streamer sets premiere dates for its new dramas\n\nNight Harbor\n\n"
                   '"Night Harbor" will premiere on May 2. The series stars Dana Whitfield and Omar Lente and is '
                   "directed by Priya Castellan.\n\nGlass Road\n\nBased on the 2015 novel of the same name, Glass "
                   "Road will premiere its first episodes on June 9. Glass Road also stars Lena Marsh, Carl Dent and "
                   "the late Tomas Rudd.\n")
    facts = _facts(draft)
    assert {("Night Harbor", "performer", "Dana Whitfield"), ("Night Harbor", "performer", "Omar Lente"),
            ("Night Harbor", "director", "Priya Castellan"), ("Glass Road", "performer", "Lena Marsh"),
            ("Glass Road", "performer", "Carl Dent"), ("Glass Road", "performer", "Tomas Rudd")} <= facts
    types = {e.name: e.type for e in draft.entities}
    assert "The series" not in types and types.get("Tomas Rudd") == "Person"
    assert types.get("Glass Road") not in ("Person", "Organization")


def test_a_page_of_reviews_gives_each_credits_block_the_work_of_its_heading(tmp_path: Path) -> None:
    # "Title: Movie Review" over each review, the review's paragraph, then its credit lines
    review = ("A quiet courtroom drama. With Ana Ruiz as a young lawyer, the film takes its time and argues "
              "both sides of the case with care, and it mostly works.")
    draft = _draft(tmp_path, "reviews.txt", f"Salt Lines: Movie Review\n\n{review}\n\nDirected by: Mira Solberg\n\n"
                   "Starring: Ana Ruiz, Joel Varga\n\nMonday, May 1, 2017\n\nCopper Saints: Movie Review\n\n"
                   "A slow thriller that rewards patience. The story follows two brothers (Omar Lente and Carl "
                   "Dent) who meet for one last dinner, and it never hurries them.\n\n"
                   "Directed by: Dara Oyelaran\n\nStarring: Omar Lente, Carl Dent\n")
    facts = _facts(draft)
    assert {("Salt Lines", "director", "Mira Solberg"), ("Salt Lines", "performer", "Joel Varga"),
            ("Copper Saints", "director", "Dara Oyelaran"), ("Copper Saints", "performer", "Omar Lente")} <= facts
    assert not any(s == "Salt Lines" and o in ("Dara Oyelaran", "Omar Lente", "Carl Dent") for s, _, o in facts)
    assert not any(s == "Movie" or s.endswith("Movie Review") and r != "about" for s, r, _ in facts)


def test_a_list_of_winners_with_each_category_in_capitals_on_its_own_line(tmp_path: Path) -> None:
    # "And the winners are:", then "BEST DIRECTOR" over "Name, "Title"" and "BEST FEATURE" over ""Title""
    draft = _draft(tmp_path, "spirits.txt", "The Lantern Awards honour independent film\n\nThe jury met for a week "
                   "and argued long into the night, as juries do.\nAnd the winners are:\nBEST FEATURE\n“Salt Lines”\n"
                   "BEST DIRECTOR\nMira Solberg, “Copper Saints”\nANA RUIZ AWARD\n“Harbour of Reeds”\n")
    facts = _facts(draft)
    assert {("Salt Lines", "won", "Best Feature"), ("Mira Solberg", "won", "Best Director"),
            ("Harbour of Reeds", "won", "Ana Ruiz Award")} <= facts
    assert not any(o == "Best Director Mira Solberg" for _, _, o in facts)


def test_a_company_keeps_the_word_ner_leaves_off_when_the_article_writes_it_inside_a_sentence() -> None:
    # NER may read only "VFX" of "Ember VFX" at every mention; the word before it is the company's own when the
    # article also writes the two together after a lower-case word ("Oslo-based Ember VFX"), not only at a
    # sentence's start; a capitalised word before ("Bright Ember VFX") says nothing
    from types import SimpleNamespace

    from kg.extract.mentions import _whole_company

    text = "Ember VFX is for sale. Copper Pictures will buy Oslo-based Ember VFX. Ember VFX was founded in 1998."
    f = SimpleNamespace(text=text, unnamed={"the", "this"})
    line = text
    assert _whole_company(f, line, "VFX", line.index("VFX")) == ("Ember VFX", 0)
    other = "Ember VFX is for sale. Copper Pictures will buy Bright Ember VFX."
    g = SimpleNamespace(text=other, unnamed=set())
    assert _whole_company(g, other, "VFX", other.index("VFX")) == ("VFX", other.index("VFX"))
    h = SimpleNamespace(text="This VFX house. We like this VFX house.", unnamed={"this"})
    assert _whole_company(h, h.text, "VFX", 5) == ("VFX", 5)


def test_founders_after_the_year_of_founding(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "vfx.txt", "Studio buys effects house\n\nCopper Pictures will buy the assets of "
                   "Oslo-based Lantern House this month. Lantern House was founded in 1998 by Ana Ruiz, Joel Varga "
                   "and Mira Solberg, who will stay on.\n")
    facts = _facts(draft)
    assert {("Lantern House", "founder", "Ana Ruiz"), ("Lantern House", "founder", "Joel Varga"),
            ("Lantern House", "founder", "Mira Solberg")} <= facts


def test_a_news_lead_without_a_headline_gives_its_show_the_cast_and_crew_of_the_sentences_after(tmp_path: Path) -> None:
    # no headline: the lead sentence names the one show the article is about, which the body names again;
    # "Created by A and B, the second season of the show ...", "A features in the show as X", "B plays X's
    # brother Y, with C as their mother Z", "A, B and C executive produce alongside D and E"
    draft = _draft(tmp_path, "order.txt", "The streamer has given a second season order for Ana Ruiz's series "
                   "''Copper Saints''.\n\nCreated by Mira Solberg and Joel Varga, the second season of the show "
                   "premiered in May.\n\n''Copper Saints'' follows the Dent family of Kettle Lake.\n\nRuiz features "
                   "in the show as Tilda Dent, a former judge. Omar Lente plays Tilda's older brother Pell, with "
                   "Dana Whitfield as their mother Oona.\n\n''Copper Saints'' is produced by Lantern Studios.\n\n"
                   "Solberg, Varga and Ruiz executive produce alongside Priya Castellan and Lena Marsh.\n")
    facts = _facts(draft)
    work = "Copper Saints"
    assert {(work, "creator", "Mira Solberg"), (work, "creator", "Joel Varga"), (work, "performer", "Ana Ruiz"),
            (work, "performer", "Omar Lente"), (work, "performer", "Dana Whitfield"),
            (work, "producer", "Priya Castellan"), (work, "producer", "Lena Marsh"), (work, "producer", "Ana Ruiz"),
            (work, "productionCompany", "Lantern Studios")} <= facts
    types = {e.name: e.type for e in draft.entities}
    assert types.get("Tilda Dent") in (None, "Person") and types.get("Joel Varga") == "Person"


def test_a_list_of_shows_under_possessive_headings_with_titles_that_hold_a_colon(tmp_path: Path) -> None:
    # a listicle: each item a heading "Maker's Title: Subtitle" over its paragraph; spaCy may cut the sentence
    # at the title's colon, which must not cut the title from what the sentence says of it
    draft = _draft(tmp_path, "list.txt", "12 Audio Dramas to Hear This Week\n\nWe picked a dozen shows for you.\n\n"
                   "Ana Ruiz’s Salt Lines: Homecoming\n\nLaunched in 2019, Ana Ruiz’s moody Salt Lines: Homecoming "
                   "features a troupe of seasoned theatre actors, such as Ovation winners Joel Varga, Mira Solberg and "
                   "Omar Lente. In Homecoming, Ruiz plays a lighthouse keeper.\n")
    facts = _facts(draft)
    work = "Salt Lines: Homecoming"
    assert {(work, "performer", "Joel Varga"), (work, "performer", "Mira Solberg"),
            (work, "performer", "Omar Lente")} <= facts
    assert not any(s == "Salt Lines" for s, _, _ in facts)


def test_a_list_of_winners_with_each_category_over_a_bulleted_winner_line(tmp_path: Path) -> None:
    # "Below are the key winners", then "Director:" over "- Ana Ruiz, "Title"" and "Original score:" over
    # "- "Title", Composer"; a tally line ("Films with two or more wins:") is not a category
    draft = _draft(tmp_path, "lantern.txt", "KETTLE LAKE — The Lantern Academy gave its film awards on Sunday.\n"
                   "Below are the key winners.\nBest film:\n- “Salt Lines”\nDirector:\n- Mira Solberg, “Copper "
                   "Saints”\nSupporting actor:\n- Tomas Kelleher, “Harbour of Reeds”\nOriginal score:\n- “Blue Hours”, "
                   "Joel Varga\nFilms with two or more wins:\n- “Salt Lines”\n")
    facts = _facts(draft)
    assert {("Salt Lines", "won", "Best film"), ("Mira Solberg", "won", "Director"),
            ("Tomas Kelleher", "won", "Supporting actor"), ("Blue Hours", "won", "Original score")} <= facts
    assert not any("wins" in o for _, _, o in facts)


def test_an_obituary_list_names_each_person_as_the_heading_does_with_bare_jobs(tmp_path: Path) -> None:
    # each entry: the name as the world writes it on its own line, then the legal name, then "He was musician
    # (guitar, piano), singer and songwriter, ..." with no article before the jobs
    draft = _draft(tmp_path, "obits.txt", "Tag Archives: songwriter\nTeddy Vale\nOn March 3, 2011, Edward Thomas "
                   "Vale died aged 70. He was musician (guitar, piano), singer and songwriter, member of the band "
                   "Harbour Lights.\nMira Solberg\nOn May 9, 2015, Mira Anne Solberg died aged 66. She was vocalist "
                   "and record producer, known for her work with Copper Saints.\n")
    facts = _facts(draft)
    assert {("Teddy Vale", "occupation", "musician"), ("Teddy Vale", "occupation", "singer"),
            ("Teddy Vale", "occupation", "songwriter"), ("Mira Solberg", "occupation", "vocalist"),
            ("Mira Solberg", "occupation", "record producer")} <= facts
    names = {e.name for e in draft.entities}
    assert "Edward Thomas Vale" not in names and not any("guitar" in o for _, _, o in facts)


def test_a_festival_line_up_of_titles_with_their_directors_and_casts(tmp_path: Path) -> None:
    # "director X's dramedy Title" (not the work named before), "the U.S. titles Title, starring A and B",
    # "the drama Title, which stars C and D"
    draft = _draft(tmp_path, "lineup.txt", "The Kettle Lake festival has revealed its line-up.\n\nIt includes Ana "
                   "Ruiz's drama Salt Lines and director Tomas Kelleher's dramedy Harbour of Reeds. Also screening "
                   "are the U.S. titles Copper Saints, starring Joel Varga and Mira Solberg, and the racial drama "
                   "Blue Hours, which stars Omar Lente and Dana Whitfield.\n")
    facts = _facts(draft)
    assert {("Harbour of Reeds", "director", "Tomas Kelleher"), ("Copper Saints", "performer", "Joel Varga"),
            ("Copper Saints", "performer", "Mira Solberg"), ("Blue Hours", "performer", "Omar Lente"),
            ("Blue Hours", "performer", "Dana Whitfield")} <= facts
    assert ("Salt Lines", "director", "Tomas Kelleher") not in facts
    assert not any(s == "Blue Hours" and o in ("Joel Varga", "Mira Solberg") for s, _, o in facts)


def test_a_capitals_title_with_its_year_over_a_long_labelled_cast_list(tmp_path: Path) -> None:
    # "SALT LINES (2021)": the title without its year; "Directed & Edited By:"; a "Cast:" line of nine names
    # (longer than an unlabelled line of names may be)
    draft = _draft(tmp_path, "card.txt", "SALT LINES (2021)\n\nDirected & Edited By: Mira Solberg\nWritten By: "
                   "Mira Solberg & Tomas Kelleher\n\nCast: Ana Ruiz, Joel Varga, Omar Lente, Carl Dent, Dana "
                   "Whitfield, Priya Castellan, Lena Marsh, Bea Quill, Ossian Brandt\n\nA quiet film about a "
                   "harbour town and the people who stay.\n")
    facts = _facts(draft)
    assert {("Salt Lines", "director", "Mira Solberg"), ("Salt Lines", "editor", "Mira Solberg"),
            ("Salt Lines", "writer", "Tomas Kelleher"), ("Salt Lines", "performer", "Ana Ruiz"),
            ("Salt Lines", "performer", "Ossian Brandt"), ("Salt Lines", "performer", "Bea Quill")} <= facts
    assert "Salt Lines (2021)" not in {e.name for e in draft.entities}


def test_a_news_lead_names_a_directorial_debut_and_the_cast_added_to_it(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "debut.txt", "Veteran producer Ana Ruiz's daughter Bea Ruiz is readying her "
                   "directorial debut Salt Lines, a thriller set on a fishing boat.\n\nTwo leads were announced "
                   "last month, and now three actors have joined the cast: Joel Varga, Omar Lente and rising "
                   "star Dana Whitfield. Salt Lines shoots in May.\n")
    facts = _facts(draft)
    assert {("Salt Lines", "director", "Bea Ruiz"), ("Salt Lines", "performer", "Joel Varga"),
            ("Salt Lines", "performer", "Omar Lente"), ("Salt Lines", "performer", "Dana Whitfield")} <= facts


def test_a_list_of_winners_with_category_and_winner_on_one_line_in_any_wording(tmp_path: Path) -> None:
    # under "The full list of winners:": "Leading actor: Name – Title", "Director: Name – Title",
    # "Documentary – Title", "Honorary prize (jury vote) – A and B"; a tally "Studio: 7" gives nothing
    draft = _draft(tmp_path, "prizes.txt", "The Lantern Academy handed out its prizes last night, with Salt Lines "
                   "the big winner of the evening.\nThe full list of winners:\nBest Film: Salt Lines\nLeading "
                   "actor: Omar Lente – Copper Saints\nDirector: Mira Solberg – Salt Lines\nDocumentary – Blue "
                   "Hours\nHonorary prize (jury vote) – Ana Ruiz and Joel Varga\nWins by studio:\nLantern "
                   "Pictures: 7\n")
    facts = _facts(draft)
    assert {("Salt Lines", "won", "Best Film"), ("Omar Lente", "won", "Leading actor"),
            ("Mira Solberg", "won", "Director"), ("Blue Hours", "won", "Documentary"),
            ("Ana Ruiz", "won", "Honorary prize"), ("Joel Varga", "won", "Honorary prize")} <= facts
    names = {e.name for e in draft.entities}
    assert "Omar Lente – Copper Saints" not in names and "Lantern Pictures" not in {
        e.name for e in draft.entities if e.type == "AwardCategory"}


def test_a_catalogue_of_stage_works_one_entry_a_line(tmp_path: Path) -> None:
    # "Title. A one-act play by X, based on Y." then "Directed by Z." in the same entry; the next entry's
    # credits are its own
    draft = _draft(tmp_path, "stage.txt", "Stage Works\n\nSalt Lines. A one-act play by Ana Ruiz, drawn from "
                   "a ferry diary. Staged at the Quay Theatre, 1998, with Joel Varga and Dana Whitfield. "
                   "Directed by Mira Solberg.\n\nCopper Saints. A chamber opera by Tomas Kelleher. Directed by "
                   "Lena Marsh.\n")
    facts = _facts(draft)
    assert {("Salt Lines", "writer", "Ana Ruiz"), ("Salt Lines", "director", "Mira Solberg"),
            ("Copper Saints", "writer", "Tomas Kelleher"), ("Copper Saints", "director", "Lena Marsh")} <= facts
    assert ("Salt Lines", "director", "Lena Marsh") not in facts


def test_a_festival_selection_as_bulleted_titles_over_indented_director_lines(tmp_path: Path) -> None:
    # "  • Title" then "    Directed by A and B (Country)": each bullet line is a film (whatever its small
    # words), its directors the line below; the country in brackets is no title
    draft = _draft(tmp_path, "selection.txt", "The Lantern Festival has announced its features selection for "
                   "June.\n\nFeatures in Competition\n  • Salt Lines\n    Directed by Ana Ruiz (Chile)\n  • Maré de "
                   "Cobre\n    Directed by Joel Varga and Dana Whitfield (Brazil)\n  • Harbour of Reeds: The Return\n"
                   "    Directed by Mira Solberg (Norway, Denmark)\n")
    facts = _facts(draft)
    assert {("Salt Lines", "director", "Ana Ruiz"), ("Maré de Cobre", "director", "Joel Varga"),
            ("Maré de Cobre", "director", "Dana Whitfield"),
            ("Harbour of Reeds: The Return", "director", "Mira Solberg")} <= facts
    assert ("Salt Lines", "director", "Joel Varga") not in facts
    works = {e.name for e in draft.entities if e.type in ("Film", "CreativeWork")}
    assert not works & {"Chile", "Brazil", "Norway", "Denmark", "Norway, Denmark"}


def test_a_review_headline_with_a_site_prefix_and_a_venue_and_its_title_block(tmp_path: Path) -> None:
    # "Quay Stage Review: Title -- Venue" names the play; under it the block "Title" / "By A" / "Directed by B":
    # A wrote it; a byline under the headline itself is the reviewer's and says nothing about the play
    draft = _draft(tmp_path, "review.txt", "Quay Stage Review: The Copper Saints -- Lantern Playhouse\n"
                   "By Tomas Kelleher\n\nAna Ruiz and Joel Varga. Photo: Dana Whitfield\nThe Copper Saints\n"
                   "By Mira Solberg\nDirected by Lena Marsh\nLantern Playhouse\nThrough May 2\n\nThe revival is a "
                   "small marvel, with Ana Ruiz as a ferry captain.\n")
    facts = _facts(draft)
    assert {("The Copper Saints", "writer", "Mira Solberg"), ("The Copper Saints", "director", "Lena Marsh")} <= facts
    assert ("The Copper Saints", "writer", "Tomas Kelleher") not in facts
    assert "Quay Stage" not in {e.name for e in draft.entities if e.type in ("CreativeWork", "Film")}


def test_an_encyclopedia_lead_lists_nominations_by_person(tmp_path: Path) -> None:
    # "was nominated for five Lantern Awards, including A for Best Director, B and C for Best Screenplay,
    # and both D and E for Best Actress": each person's nomination; the film's own sentence names no person
    draft = _draft(tmp_path, "lead.txt", "Salt Lines\nSalt Lines is a 1994 comedy film directed by Ana Ruiz, "
                   "written by Ruiz and Joel Varga, and starring Dana Whitfield, Mira Solberg and Lena Marsh.\nThe "
                   "film was nominated for five Lantern Awards, including Ruiz for Best Director, Ruiz and Varga "
                   "for Best Original Screenplay, and both Whitfield and Solberg for Best Supporting Actress.\n")
    facts = _facts(draft)
    assert {("Ana Ruiz", "nominatedFor", "Best Director"), ("Ana Ruiz", "nominatedFor", "Best Original Screenplay"),
            ("Joel Varga", "nominatedFor", "Best Original Screenplay"),
            ("Dana Whitfield", "nominatedFor", "Best Supporting Actress"),
            ("Mira Solberg", "nominatedFor", "Best Supporting Actress")} <= facts
    assert not any(r == "won" for _, r, _ in facts)
    assert ("Lena Marsh", "nominatedFor", "Best Supporting Actress") not in facts


def test_winners_as_title_case_category_paragraphs(tmp_path: Path) -> None:
    # after a paragraph that speaks of nominees and then the winners: "Category, Category" / "Work";
    # "Breakthrough Director" / "Person, Work"; "Category" / "Work, directed by A"
    draft = _draft(tmp_path, "gala.txt", "The Lantern Awards took place last night. I had seen few of the "
                   "nominees, so here are the winners:\n\nBest Feature, Best Ensemble Performance\nSalt Lines\n\n"
                   "Breakthrough Director\nJoel Varga, Copper Saints\n\nBest Documentary\nBlue Hours, directed by "
                   "Mira Solberg\n\nWhich of these have you seen?\n")
    facts = _facts(draft)
    assert {("Salt Lines", "won", "Best Feature"), ("Salt Lines", "won", "Best Ensemble Performance"),
            ("Joel Varga", "won", "Breakthrough Director"), ("Blue Hours", "won", "Best Documentary"),
            ("Blue Hours", "director", "Mira Solberg")} <= facts
    assert not any(r == "nominatedFor" for _, r, _ in facts)


def test_nominees_after_semicolons_under_title_case_categories(tmp_path: Path) -> None:
    # a paragraph whose short first sentence says the nominations follow; each category a paragraph, its
    # nominees the next paragraph after semicolons, "Person – Work" in a category of people
    draft = _draft(tmp_path, "noms.txt", "Lantern Awards 2026: my picks\n\nOur nominations, category by category, "
                   "follow. My guess for each is underlined, though my guesses have a poor record so far.\n\n"
                   "Best Film\n\nSalt Lines; Copper Saints; Blue Hours\n\nLeading Actress\n\nAna Ruiz – Salt Lines; "
                   "Dana Whitfield – Blue Hours\n\nWho do you think will win?\n")
    facts = _facts(draft)
    assert {("Salt Lines", "nominatedFor", "Best Film"), ("Copper Saints", "nominatedFor", "Best Film"),
            ("Blue Hours", "nominatedFor", "Best Film"), ("Ana Ruiz", "nominatedFor", "Leading Actress"),
            ("Dana Whitfield", "nominatedFor", "Leading Actress")} <= facts
    assert not any(r == "won" for _, r, _ in facts)
    assert "Ana Ruiz" not in {e.name for e in draft.entities if e.type == "AwardCategory"}


def test_a_blog_review_with_feed_links_a_star_rating_and_a_title_block_under_the_headline(tmp_path: Path) -> None:
    # "Feeds:" / "Posts" / "Posts Tagged 'x'" are a blog's chrome; "Title ★★★½" is the title and a rating; the
    # headline itself can open a title block ("by A" over "Directed by B")
    draft = _draft(tmp_path, "blog.txt", "Feeds:\nPosts\nComments\n\nPosts Tagged ‘ana ruiz’\n\nThe Copper Saints "
                   "★★★½\nby Ana Ruiz\nDirected by Lena Marsh\nLantern Playhouse\n\nFirst it was Tomas Kelleher, now it "
                   "is Ana Ruiz. After the Kelleher plays, Salt Lines is the company's best work yet.\n")
    facts = _facts(draft)
    assert {("The Copper Saints", "writer", "Ana Ruiz"), ("The Copper Saints", "director", "Lena Marsh")} <= facts
    names = {e.name for e in draft.entities if e.type != "Article"}  # the article keeps its headline as written
    assert "Feeds:" not in names and not any("★" in n for n in names)
    assert ("Salt Lines", "writer", "Tomas Kelleher") not in facts


def test_a_track_list_heading_that_runs_the_artist_and_the_album_together(tmp_path: Path) -> None:
    # "Ana Ruiz Salt Lines Tracklist:": the artist (a person named elsewhere), then the album; each numbered
    # line below is a song of it
    draft = _draft(tmp_path, "tracks.txt", "Ana Ruiz is about to release her debut album Salt Lines, and the "
                   "singer has shared its full track list.\nThe record was made in Lisbon over two winters.\n"
                   "Ana Ruiz Salt Lines Tracklist:\n1. Night Ferry\n2. Copper Rain\n3. Harbour Lights\n")
    facts = _facts(draft)
    assert {("Night Ferry", "inAlbum", "Salt Lines"), ("Copper Rain", "inAlbum", "Salt Lines"),
            ("Harbour Lights", "inAlbum", "Salt Lines")} <= facts
    assert "Ana Ruiz Salt Lines Tracklist" not in {e.name for e in draft.entities}
